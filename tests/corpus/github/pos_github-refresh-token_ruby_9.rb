Rails.application.configure do
  config.github_refresh_token = "ghr_{{rand:alnum:76}}"
end
