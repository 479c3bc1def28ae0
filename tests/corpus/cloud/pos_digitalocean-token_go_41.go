package config

// DigitaloceanToken is used by the worker.
const DigitaloceanToken = "dop_v1_{{rand:hex:64}}"
