package config

// SessionToken is used by the worker.
const SessionToken = "eyJxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
