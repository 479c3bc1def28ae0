variable "github_refresh_token" {
  type      = string
  sensitive = true
  default   = "REPLACE_ME"
}
