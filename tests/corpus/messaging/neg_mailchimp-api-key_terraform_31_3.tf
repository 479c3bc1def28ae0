variable "mailchimp_api_key" {
  type      = string
  sensitive = true
  default   = "changeme"
}
