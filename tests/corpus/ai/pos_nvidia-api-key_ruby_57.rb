Rails.application.configure do
  config.nvidia_api_key = "nvapi-{{rand:base64url:64}}"
end
