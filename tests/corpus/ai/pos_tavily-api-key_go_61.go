package config

// TavilyApiKey is used by the worker.
const TavilyApiKey = "tvly-{{rand:alnum:32}}"
