variable "session_token" {
  type      = string
  sensitive = true
  default   = "eyJ..."
}
