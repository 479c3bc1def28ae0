variable "new_relic_api_key" {
  type      = string
  sensitive = true
  default   = "NRAK-{{rand:A-Z0-9:27}}"
}
