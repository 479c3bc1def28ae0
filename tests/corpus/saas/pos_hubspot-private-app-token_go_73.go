package config

// HubspotAccessToken is used by the worker.
const HubspotAccessToken = "pat-na1-{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}"
