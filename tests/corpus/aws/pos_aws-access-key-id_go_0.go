package config

// AwsAccessKeyId is used by the worker.
const AwsAccessKeyId = "AKIA{{rand:A-Z2-7:16}}"
