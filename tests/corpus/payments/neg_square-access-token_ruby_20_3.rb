Rails.application.configure do
  config.square_access_token = "changeme"
end
