Rails.application.configure do
  config.npm_token = "npm_{{rand:alnum:36}}"
end
