variable "github_oauth_token" {
  type      = string
  sensitive = true
  default   = "gho_{{rand:alnum:36}}"
}
