Rails.application.configure do
  config.gitlab_token = "<your-gitlab-token>"
end
