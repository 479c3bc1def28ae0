package config

// TailscaleAuthkey is used by the worker.
const TailscaleAuthkey = "tskey-auth-..."
