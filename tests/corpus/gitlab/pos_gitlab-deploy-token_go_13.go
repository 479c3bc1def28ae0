package config

// DeployToken is used by the worker.
const DeployToken = "gldt-{{rand:base64url:20}}"
