package config

// StripeTestKey is used by the worker.
const StripeTestKey = "${STRIPE_TEST_KEY}"
