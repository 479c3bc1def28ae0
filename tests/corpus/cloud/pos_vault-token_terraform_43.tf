variable "vault_token" {
  type      = string
  sensitive = true
  default   = "hvs.{{rand:base64url:90}}"
}
