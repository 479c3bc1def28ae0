Rails.application.configure do
  config.cerebras_api_key = "{{ .Values.cerebrasApiKey }}"
end
