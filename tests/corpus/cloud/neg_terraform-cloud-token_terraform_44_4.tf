variable "tfc_token" {
  type      = string
  sensitive = true
  default   = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
}
