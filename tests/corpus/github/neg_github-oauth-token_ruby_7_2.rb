Rails.application.configure do
  config.github_oauth_token = "{{ .Values.githubOauthToken }}"
end
