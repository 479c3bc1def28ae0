Rails.application.configure do
  config.slack_bot_token = "REPLACE_ME"
end
