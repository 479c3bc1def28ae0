package config

// BuildkiteToken is used by the worker.
const BuildkiteToken = "<your-buildkite-token>"
