Rails.application.configure do
  config.deploy_token = "${DEPLOY_TOKEN}"
end
