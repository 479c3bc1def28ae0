Rails.application.configure do
  config.posthog_personal_api_key = "phx_{{rand:alnum:47}}"
end
