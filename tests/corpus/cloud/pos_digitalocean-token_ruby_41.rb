Rails.application.configure do
  config.digitalocean_token = "dop_v1_{{rand:hex:64}}"
end
