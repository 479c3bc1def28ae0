Rails.application.configure do
  config.swarm_join_token = "{{ .Values.swarmJoinToken }}"
end
