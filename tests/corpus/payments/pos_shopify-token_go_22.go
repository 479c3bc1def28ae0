package config

// ShopifyAccessToken is used by the worker.
const ShopifyAccessToken = "shpat_{{rand:hex:32}}"
