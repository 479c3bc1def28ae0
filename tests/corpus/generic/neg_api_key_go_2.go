package config

// ApiKey is used by the worker.
const ApiKey = "your_api_key_here"
