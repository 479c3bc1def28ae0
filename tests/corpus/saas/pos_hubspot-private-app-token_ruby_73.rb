Rails.application.configure do
  config.hubspot_access_token = "pat-na1-{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}"
end
