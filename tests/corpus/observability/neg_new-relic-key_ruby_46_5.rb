Rails.application.configure do
  config.new_relic_api_key = "REPLACE_ME"
end
