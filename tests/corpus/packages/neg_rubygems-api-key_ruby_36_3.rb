Rails.application.configure do
  config.gem_host_api_key = "changeme"
end
