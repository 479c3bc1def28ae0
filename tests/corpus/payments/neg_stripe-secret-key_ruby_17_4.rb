Rails.application.configure do
  config.stripe_secret_key = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"
end
