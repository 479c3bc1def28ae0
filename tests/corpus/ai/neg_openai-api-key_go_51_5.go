package config

// OpenaiApiKey is used by the worker.
const OpenaiApiKey = "REPLACE_ME"
