package config

// NeonApiKey is used by the worker.
const NeonApiKey = "${NEON_API_KEY}"
