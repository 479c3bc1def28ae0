variable "circleci_token" {
  type      = string
  sensitive = true
  default   = "CCIPAT_{{rand:alnum:22}}_{{rand:hex:40}}"
}
