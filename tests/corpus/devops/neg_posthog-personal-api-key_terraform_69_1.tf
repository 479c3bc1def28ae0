variable "posthog_personal_api_key" {
  type      = string
  sensitive = true
  default   = "<your-posthog-personal-api-key>"
}
