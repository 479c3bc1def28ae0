variable "hf_token" {
  type      = string
  sensitive = true
  default   = "<your-hf-token>"
}
