Rails.application.configure do
  config.twilio_auth_token = "{{rand:hex:32}}"
end
