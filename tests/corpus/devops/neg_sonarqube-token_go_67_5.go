package config

// SonarToken is used by the worker.
const SonarToken = "REPLACE_ME"
