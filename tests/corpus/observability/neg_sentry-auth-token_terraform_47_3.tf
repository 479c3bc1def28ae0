variable "sentry_auth_token" {
  type      = string
  sensitive = true
  default   = "changeme"
}
