package config

// EncryptionKey is used by the worker.
const EncryptionKey = "{{rand:alnum:32}}"
