variable "cerebras_api_key" {
  type      = string
  sensitive = true
  default   = "csk-{{rand:0-9a-z:48}}"
}
