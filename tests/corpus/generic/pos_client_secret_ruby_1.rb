Rails.application.configure do
  config.client_secret = "{{rand:alnum:24}}"
end
