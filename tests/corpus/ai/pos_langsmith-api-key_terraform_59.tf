variable "langsmith_api_key" {
  type      = string
  sensitive = true
  default   = "lsv2_pt_{{rand:hex:32}}_{{rand:hex:10}}"
}
