package config

// HubspotAccessToken is used by the worker.
const HubspotAccessToken = "changeme"
