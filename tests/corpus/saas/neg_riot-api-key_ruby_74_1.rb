Rails.application.configure do
  config.riot_api_key = "<your-riot-api-key>"
end
