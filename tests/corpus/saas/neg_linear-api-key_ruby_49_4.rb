Rails.application.configure do
  config.linear_api_key = "lin_api_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
end
