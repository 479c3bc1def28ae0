variable "nvidia_api_key" {
  type      = string
  sensitive = true
  default   = "REPLACE_ME"
}
