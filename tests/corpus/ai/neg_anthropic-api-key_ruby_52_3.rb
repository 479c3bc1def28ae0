Rails.application.configure do
  config.anthropic_api_key = "changeme"
end
