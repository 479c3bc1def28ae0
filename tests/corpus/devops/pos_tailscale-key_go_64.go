package config

// TailscaleAuthkey is used by the worker.
const TailscaleAuthkey = "tskey-auth-k{{rand:alnum:9}}11CNTRL-{{rand:alnum:33}}"
