package config

// TelegramBotToken is used by the worker.
const TelegramBotToken = "123456789:AA..."
