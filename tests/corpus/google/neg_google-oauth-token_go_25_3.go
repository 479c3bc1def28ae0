package config

// GoogleAccessToken is used by the worker.
const GoogleAccessToken = "changeme"
