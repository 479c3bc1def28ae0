package config

// DigitaloceanToken is used by the worker.
const DigitaloceanToken = "changeme"
