Rails.application.configure do
  config.api_key = "REPLACE_WITH_YOUR_KEY"
end
