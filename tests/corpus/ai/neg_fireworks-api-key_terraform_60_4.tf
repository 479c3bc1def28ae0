variable "fireworks_api_key" {
  type      = string
  sensitive = true
  default   = "fw_xxxxxxxxxxxxxxxxxxxxxxxx"
}
