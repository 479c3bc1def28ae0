Rails.application.configure do
  config.tfc_token = "{{rand:alnum:14}}.atlasv1.{{rand:base64url:67}}"
end
