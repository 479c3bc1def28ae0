variable "google_client_secret" {
  type      = string
  sensitive = true
  default   = "GOCSPX-{{rand:base64url:28}}"
}
