Rails.application.configure do
  config.together_api_key = "tgp_v1_{{rand:base64url:43}}"
end
