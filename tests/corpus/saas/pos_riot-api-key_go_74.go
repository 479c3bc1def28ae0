package config

// RiotApiKey is used by the worker.
const RiotApiKey = "RGAPI-{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}"
