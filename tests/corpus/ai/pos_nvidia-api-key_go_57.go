package config

// NvidiaApiKey is used by the worker.
const NvidiaApiKey = "nvapi-{{rand:base64url:64}}"
