package config

// JiraApiToken is used by the worker.
const JiraApiToken = "ATATT3xFfGF0{{rand:base64url:180}}={{rand:HEX:8}}"
