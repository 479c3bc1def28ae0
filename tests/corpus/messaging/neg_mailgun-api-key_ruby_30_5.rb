Rails.application.configure do
  config.mailgun_api_key = "REPLACE_ME"
end
