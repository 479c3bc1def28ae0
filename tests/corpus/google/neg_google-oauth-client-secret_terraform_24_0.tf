variable "google_client_secret" {
  type      = string
  sensitive = true
  default   = "${GOOGLE_CLIENT_SECRET}"
}
