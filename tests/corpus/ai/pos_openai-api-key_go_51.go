package config

// OpenaiApiKey is used by the worker.
const OpenaiApiKey = "sk-proj-{{rand:base64url:74}}T3BlbkFJ{{rand:base64url:74}}"
