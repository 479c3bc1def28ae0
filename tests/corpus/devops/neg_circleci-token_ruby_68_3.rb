Rails.application.configure do
  config.circleci_token = "changeme"
end
