package config

// JiraApiToken is used by the worker.
const JiraApiToken = "ATATT3xFfGF0..."
