package config

// DdApiKey is used by the worker.
const DdApiKey = "{{rand:hex:32}}"
