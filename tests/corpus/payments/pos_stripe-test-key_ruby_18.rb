Rails.application.configure do
  config.stripe_test_key = "sk_test_{{rand:alnum:24}}"
end
