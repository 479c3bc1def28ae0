Rails.application.configure do
  config.neon_api_key = "napi_{{rand:0-9a-z:64}}"
end
