package config

// SendgridApiKey is used by the worker.
const SendgridApiKey = "SG.{{rand:base64url:22}}.{{rand:base64url:43}}"
