package config

// AwsSessionToken is used by the worker.
const AwsSessionToken = "REPLACE_ME"
