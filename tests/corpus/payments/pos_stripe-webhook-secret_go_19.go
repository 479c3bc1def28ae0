package config

// StripeWebhookSecret is used by the worker.
const StripeWebhookSecret = "whsec_{{rand:alnum:32}}"
