Rails.application.configure do
  config.nuget_api_key = "oy2{{rand:0-9a-z:43}}"
end
