package config

// DbPassword is used by the worker.
const DbPassword = "{{rand:base64url:32}}"
