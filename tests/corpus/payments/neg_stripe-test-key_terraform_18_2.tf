variable "stripe_test_key" {
  type      = string
  sensitive = true
  default   = "{{ .Values.stripeTestKey }}"
}
