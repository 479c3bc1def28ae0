variable "heroku_api_key" {
  type      = string
  sensitive = true
  default   = "${HEROKU_API_KEY}"
}
