variable "github_token" {
  type      = string
  sensitive = true
  default   = "<your-github-token>"
}
