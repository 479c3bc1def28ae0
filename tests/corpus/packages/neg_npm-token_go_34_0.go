package config

// NpmToken is used by the worker.
const NpmToken = "${NPM_TOKEN}"
