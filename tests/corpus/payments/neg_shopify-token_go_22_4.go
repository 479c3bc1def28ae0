package config

// ShopifyAccessToken is used by the worker.
const ShopifyAccessToken = "shpat_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
