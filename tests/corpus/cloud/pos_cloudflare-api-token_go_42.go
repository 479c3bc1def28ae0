package config

// CloudflareApiToken is used by the worker.
const CloudflareApiToken = "{{rand:base64url:40}}"
