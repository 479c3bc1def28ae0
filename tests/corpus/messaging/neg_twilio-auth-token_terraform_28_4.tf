variable "twilio_auth_token" {
  type      = string
  sensitive = true
  default   = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
}
