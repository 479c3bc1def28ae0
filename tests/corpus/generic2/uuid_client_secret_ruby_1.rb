Rails.application.configure do
  config.client_secret = "{{rand:hex:8}}-{{rand:hex:4}}-4{{rand:hex:3}}-a{{rand:hex:3}}-{{rand:hex:12}}"
end
