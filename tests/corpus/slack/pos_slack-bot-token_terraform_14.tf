variable "slack_bot_token" {
  type      = string
  sensitive = true
  default   = "xoxb-{{rand:digit:12}}-{{rand:digit:13}}-{{rand:alnum:24}}"
}
