Rails.application.configure do
  config.fireworks_api_key = "fw_{{rand:alnum:24}}"
end
