variable "together_api_key" {
  type      = string
  sensitive = true
  default   = "${TOGETHER_API_KEY}"
}
