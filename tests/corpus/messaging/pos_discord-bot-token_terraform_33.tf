variable "discord_bot_token" {
  type      = string
  sensitive = true
  default   = "MT{{rand:base64url:24}}.G{{rand:base64url:5}}.{{rand:base64url:38}}"
}
