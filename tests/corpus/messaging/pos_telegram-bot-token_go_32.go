package config

// TelegramBotToken is used by the worker.
const TelegramBotToken = "{{rand:digit:10}}:AA{{rand:base64url:33}}"
