terraform {
  required_version = ">= 1.5"
}

variable "name" {
  description = "A name."
  type        = string
  default     = "olympus"
}

resource "terraform_data" "marker" {
  input = var.name
}

output "name" {
  description = "The name."
  value       = terraform_data.marker.output
}
