Rails.application.configure do
  config.gitlab_trigger_token = "glptt-..."
end
