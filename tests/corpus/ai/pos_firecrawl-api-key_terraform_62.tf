variable "firecrawl_api_key" {
  type      = string
  sensitive = true
  default   = "fc-{{rand:hex:32}}"
}
