package config

// SentryAuthToken is used by the worker.
const SentryAuthToken = "<your-sentry-auth-token>"
