package config

// AwsSecretAccessKey is used by the worker.
const AwsSecretAccessKey = "${AWS_SECRET_ACCESS_KEY}"
