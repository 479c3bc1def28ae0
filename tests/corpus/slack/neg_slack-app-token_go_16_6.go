package config

// SlackAppToken is used by the worker.
const SlackAppToken = "xapp-1-..."
