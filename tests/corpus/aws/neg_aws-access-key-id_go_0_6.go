package config

// AwsAccessKeyId is used by the worker.
const AwsAccessKeyId = "AKIA..."
