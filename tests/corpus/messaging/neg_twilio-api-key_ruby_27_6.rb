Rails.application.configure do
  config.twilio_api_key = "SK..."
end
