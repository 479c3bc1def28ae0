variable "digitalocean_token" {
  type      = string
  sensitive = true
  default   = "REPLACE_ME"
}
