Rails.application.configure do
  config.mailchimp_api_key = "{{rand:hex:32}}-us21"
end
