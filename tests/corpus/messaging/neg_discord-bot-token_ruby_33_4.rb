Rails.application.configure do
  config.discord_bot_token = "MTxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
end
