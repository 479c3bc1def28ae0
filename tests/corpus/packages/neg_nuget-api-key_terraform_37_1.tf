variable "nuget_api_key" {
  type      = string
  sensitive = true
  default   = "<your-nuget-api-key>"
}
