Rails.application.configure do
  config.mws_auth_token = "changeme"
end
