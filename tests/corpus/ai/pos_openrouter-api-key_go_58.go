package config

// OpenrouterApiKey is used by the worker.
const OpenrouterApiKey = "sk-or-v1-{{rand:hex:64}}"
