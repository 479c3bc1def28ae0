Rails.application.configure do
  config.azure_client_secret = "<your-azure-client-secret>"
end
