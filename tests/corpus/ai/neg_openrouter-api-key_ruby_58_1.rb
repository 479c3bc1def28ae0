Rails.application.configure do
  config.openrouter_api_key = "<your-openrouter-api-key>"
end
