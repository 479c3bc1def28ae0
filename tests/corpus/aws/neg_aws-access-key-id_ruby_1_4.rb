Rails.application.configure do
  config.aws_access_key_id = "ASIAxxxxxxxxxxxxxxxx"
end
