Rails.application.configure do
  config.langsmith_api_key = "lsv2_pt_..."
end
