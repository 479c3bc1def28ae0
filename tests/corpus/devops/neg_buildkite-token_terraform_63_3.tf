variable "buildkite_token" {
  type      = string
  sensitive = true
  default   = "changeme"
}
