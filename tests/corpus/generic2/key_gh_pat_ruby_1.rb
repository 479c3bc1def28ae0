Rails.application.configure do
  config.gh_pat = "{{rand:base64url:40}}"
end
