package config

// TfcToken is used by the worker.
const TfcToken = "{{ .Values.tfcToken }}"
