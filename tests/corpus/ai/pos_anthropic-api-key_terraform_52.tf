variable "anthropic_api_key" {
  type      = string
  sensitive = true
  default   = "sk-ant-api03-{{rand:base64url:93}}AA"
}
