variable "notion_token" {
  type      = string
  sensitive = true
  default   = "{{ .Values.notionToken }}"
}
