package config

// GitlabToken is used by the worker.
const GitlabToken = "glpat-{{rand:base64url:20}}"
