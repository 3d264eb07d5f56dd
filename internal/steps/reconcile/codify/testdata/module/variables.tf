variable "environment" {
  type = string
}

variable "log_level" {
  type    = string
  default = "info"
}

variable "region" {
  type    = string
  default = "us-central1"
}

variable "api_key" {
  type      = string
  sensitive = true
  default   = "fixture-key-123"
}
