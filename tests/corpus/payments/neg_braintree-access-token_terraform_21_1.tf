variable "braintree_access_token" {
  type      = string
  sensitive = true
  default   = "<your-braintree-access-token>"
}
