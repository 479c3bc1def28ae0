package config

// GhToken is used by the worker.
const GhToken = "github_pat_{{rand:alnum:22}}_{{rand:alnum:59}}"
