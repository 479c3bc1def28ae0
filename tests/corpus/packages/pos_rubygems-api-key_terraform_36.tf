variable "gem_host_api_key" {
  type      = string
  sensitive = true
  default   = "rubygems_{{rand:hex:48}}"
}
