variable "appsync_api_key" {
  type      = string
  sensitive = true
  default   = "da2-{{rand:a-z2-7:26}}"
}
