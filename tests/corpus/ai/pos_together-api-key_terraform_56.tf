variable "together_api_key" {
  type      = string
  sensitive = true
  default   = "tgp_v1_{{rand:base64url:43}}"
}
