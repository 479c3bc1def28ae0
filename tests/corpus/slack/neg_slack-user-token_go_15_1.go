package config

// SlackUserToken is used by the worker.
const SlackUserToken = "<your-slack-user-token>"
