variable "aws_secret_access_key" {
  type      = string
  sensitive = true
  default   = "{{ .Values.awsSecretAccessKey }}"
}
