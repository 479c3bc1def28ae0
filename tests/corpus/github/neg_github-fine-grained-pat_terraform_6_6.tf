variable "gh_token" {
  type      = string
  sensitive = true
  default   = "github_pat_..."
}
