variable "aws_access_key_id" {
  type      = string
  sensitive = true
  default   = "ASIA{{rand:A-Z2-7:16}}"
}
