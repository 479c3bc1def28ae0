variable "github_app_token" {
  type      = string
  sensitive = true
  default   = "${GITHUB_APP_TOKEN}"
}
