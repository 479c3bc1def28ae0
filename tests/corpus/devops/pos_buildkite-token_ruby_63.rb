Rails.application.configure do
  config.buildkite_token = "bkua_{{rand:hex:40}}"
end
