variable "square_access_token" {
  type      = string
  sensitive = true
  default   = "sq0atp-{{rand:base64url:22}}"
}
