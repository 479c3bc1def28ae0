Rails.application.configure do
  config.hf_token = "hf_{{rand:A-Za-z:34}}"
end
