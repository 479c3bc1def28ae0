variable "vercel_token" {
  type      = string
  sensitive = true
  default   = "vcp_{{rand:alnum:56}}"
}
