variable "runner_token" {
  type      = string
  sensitive = true
  default   = "glrt-xxxxxxxxxxxxxxxxxxxx"
}
