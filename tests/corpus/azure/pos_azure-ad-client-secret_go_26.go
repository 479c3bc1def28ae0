package config

// AzureClientSecret is used by the worker.
const AzureClientSecret = "{{rand:alnum:3}}8Q~{{rand:alnum:34}}"
