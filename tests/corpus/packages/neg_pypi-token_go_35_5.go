package config

// PypiToken is used by the worker.
const PypiToken = "REPLACE_ME"
