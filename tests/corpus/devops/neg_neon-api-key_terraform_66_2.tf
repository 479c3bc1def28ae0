variable "neon_api_key" {
  type      = string
  sensitive = true
  default   = "{{ .Values.neonApiKey }}"
}
