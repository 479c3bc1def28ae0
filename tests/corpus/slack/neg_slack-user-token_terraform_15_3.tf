variable "slack_user_token" {
  type      = string
  sensitive = true
  default   = "changeme"
}
