Rails.application.configure do
  config.google_client_secret = "GOCSPX-{{rand:base64url:28}}"
end
