package config

// DockerhubToken is used by the worker.
const DockerhubToken = "dckr_pat_{{rand:base64url:27}}"
