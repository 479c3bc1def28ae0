Rails.application.configure do
  config.github_app_token = "ghs_{{rand:alnum:36}}"
end
