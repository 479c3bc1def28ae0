Rails.application.configure do
  config.cloudflare_api_token = "<your-cloudflare-api-token>"
end
