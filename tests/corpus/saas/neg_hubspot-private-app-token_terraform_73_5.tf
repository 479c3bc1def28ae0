variable "hubspot_access_token" {
  type      = string
  sensitive = true
  default   = "REPLACE_ME"
}
