Rails.application.configure do
  config.vault_token = "hvs...."
end
