Rails.application.configure do
  config.sendgrid_api_key = "${SENDGRID_API_KEY}"
end
