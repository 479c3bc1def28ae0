Rails.application.configure do
  config.notion_token = "ntn_{{rand:digit:11}}{{rand:alnum:35}}"
end
