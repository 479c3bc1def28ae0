Rails.application.configure do
  config.runner_token = "glrt-{{rand:base64url:20}}"
end
