variable "shopify_access_token" {
  type      = string
  sensitive = true
  default   = "shpat_..."
}
