package config

// GithubRefreshToken is used by the worker.
const GithubRefreshToken = "ghr_{{rand:alnum:76}}"
