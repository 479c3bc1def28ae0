package config

// FireworksApiKey is used by the worker.
const FireworksApiKey = "{{ .Values.fireworksApiKey }}"
