variable "appsync_api_key" {
  type      = string
  sensitive = true
  default   = "${APPSYNC_API_KEY}"
}
