package config

// GoogleAccessToken is used by the worker.
const GoogleAccessToken = "ya29.a0{{rand:base64url:120}}"
