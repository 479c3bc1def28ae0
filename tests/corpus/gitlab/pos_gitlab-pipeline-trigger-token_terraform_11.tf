variable "gitlab_trigger_token" {
  type      = string
  sensitive = true
  default   = "glptt-{{rand:hex:40}}"
}
