variable "npm_token" {
  type      = string
  sensitive = true
  default   = "{{ .Values.npmToken }}"
}
