Rails.application.configure do
  config.github_token = "ghp_{{rand:alnum:36}}"
end
