Rails.application.configure do
  config.dd_api_key = "${DD_API_KEY}"
end
