variable "google_api_key" {
  type      = string
  sensitive = true
  default   = "AIza{{rand:base64url:35}}"
}
