package config

// TwilioAuthToken is used by the worker.
const TwilioAuthToken = "{{ .Values.twilioAuthToken }}"
