variable "mws_auth_token" {
  type      = string
  sensitive = true
  default   = "amzn.mws.{{rand:hex:8}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:4}}-{{rand:hex:12}}"
}
