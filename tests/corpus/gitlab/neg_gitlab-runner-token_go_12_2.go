package config

// RunnerToken is used by the worker.
const RunnerToken = "{{ .Values.runnerToken }}"
