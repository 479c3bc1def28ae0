package config

// GithubRefreshToken is used by the worker.
const GithubRefreshToken = "changeme"
