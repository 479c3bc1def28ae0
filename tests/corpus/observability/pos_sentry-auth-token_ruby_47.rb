Rails.application.configure do
  config.sentry_auth_token = "sntryu_{{rand:hex:64}}"
end
