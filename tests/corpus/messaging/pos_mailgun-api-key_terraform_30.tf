variable "mailgun_api_key" {
  type      = string
  sensitive = true
  default   = "key-{{rand:hex:32}}"
}
