variable "github_app_token" {
  type      = string
  sensitive = true
  default   = "ghs_{{rand:alnum:36}}"
}
