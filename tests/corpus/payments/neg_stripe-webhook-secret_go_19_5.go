package config

// StripeWebhookSecret is used by the worker.
const StripeWebhookSecret = "REPLACE_ME"
