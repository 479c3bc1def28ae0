variable "dockerhub_token" {
  type      = string
  sensitive = true
  default   = "dckr_pat_..."
}
