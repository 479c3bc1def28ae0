variable "swarm_join_token" {
  type      = string
  sensitive = true
  default   = "SWMTKN-1-{{rand:0-9a-z:50}}-{{rand:0-9a-z:25}}"
}
