Rails.application.configure do
  config.google_access_token = "ya29.a0{{rand:base64url:120}}"
end
