Rails.application.configure do
  config.signing_secret = "{{rand:alnum:24}}"
end
