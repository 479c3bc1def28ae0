Rails.application.configure do
  config.heroku_api_key = "{{ .Values.herokuApiKey }}"
end
