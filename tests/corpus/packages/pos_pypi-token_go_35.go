package config

// PypiToken is used by the worker.
const PypiToken = "pypi-AgEIcHlwaS5vcmc{{rand:base64url:120}}"
