variable "project_id" {
  description = "GCP project of the pool and the service accounts."
  type        = string
}

variable "environment" {
  description = "Environment whose GitHub Environment may apply."
  type        = string
}

variable "github_repository_id" {
  description = "Numeric id of the GitHub repository allowed to authenticate."
  type        = string
}

variable "state_bucket" {
  description = "The environment's state bucket."
  type        = string
}
