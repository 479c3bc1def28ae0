Rails.application.configure do
  config.firecrawl_api_key = "REPLACE_ME"
end
