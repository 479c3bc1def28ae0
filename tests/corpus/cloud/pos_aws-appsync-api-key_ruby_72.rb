Rails.application.configure do
  config.appsync_api_key = "da2-{{rand:a-z2-7:26}}"
end
