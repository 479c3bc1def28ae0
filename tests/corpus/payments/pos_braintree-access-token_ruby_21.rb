Rails.application.configure do
  config.braintree_access_token = "access_token$production${{rand:0-9a-z:16}}${{rand:hex:32}}"
end
