Rails.application.configure do
  config.tavily_api_key = "${TAVILY_API_KEY}"
end
