package config

// SlackAppToken is used by the worker.
const SlackAppToken = "xapp-1-A{{rand:A-Z0-9:10}}-{{rand:digit:13}}-{{rand:hex:64}}"
