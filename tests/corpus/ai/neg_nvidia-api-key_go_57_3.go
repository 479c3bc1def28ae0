package config

// NvidiaApiKey is used by the worker.
const NvidiaApiKey = "changeme"
