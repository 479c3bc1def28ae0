Rails.application.configure do
  config.aws_secret_access_key = "{{rand:base64:40}}"
end
