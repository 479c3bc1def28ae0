variable "heroku_api_key" {
  type      = string
  sensitive = true
  default   = "HRKU-{{rand:base64url:60}}"
}
