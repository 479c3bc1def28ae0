variable "twilio_api_key" {
  type      = string
  sensitive = true
  default   = "SK{{rand:hex:32}}"
}
