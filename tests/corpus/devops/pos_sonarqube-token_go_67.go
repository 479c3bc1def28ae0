package config

// SonarToken is used by the worker.
const SonarToken = "sqp_{{rand:hex:40}}"
