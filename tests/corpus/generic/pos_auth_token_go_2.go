package config

// AuthToken is used by the worker.
const AuthToken = "{{rand:base64url:32}}"
