variable "doppler_token" {
  type      = string
  sensitive = true
  default   = "dp.st...."
}
