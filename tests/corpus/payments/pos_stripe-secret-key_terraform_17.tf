variable "stripe_secret_key" {
  type      = string
  sensitive = true
  default   = "sk_live_{{rand:alnum:99}}"
}
