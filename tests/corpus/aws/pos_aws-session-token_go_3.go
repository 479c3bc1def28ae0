package config

// AwsSessionToken is used by the worker.
const AwsSessionToken = "IQoJb3JpZ2luX2Vj{{rand:base64:300}}"
