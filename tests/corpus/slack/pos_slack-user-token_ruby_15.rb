Rails.application.configure do
  config.slack_user_token = "xoxp-{{rand:digit:12}}-{{rand:digit:12}}-{{rand:digit:13}}-{{rand:hex:32}}"
end
