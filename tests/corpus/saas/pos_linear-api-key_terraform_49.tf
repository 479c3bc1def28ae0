variable "linear_api_key" {
  type      = string
  sensitive = true
  default   = "lin_api_{{rand:alnum:40}}"
}
