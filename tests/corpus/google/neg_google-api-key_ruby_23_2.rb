Rails.application.configure do
  config.google_api_key = "{{ .Values.googleApiKey }}"
end
