variable "project_id" {
  description = "GCP project of the service."
  type        = string
}

variable "region" {
  description = "Region of the service."
  type        = string
}

variable "name" {
  description = "Service name."
  type        = string
}

variable "image" {
  description = "Container image by digest (…@sha256:…), so a revision always means the same code."
  type        = string

  validation {
    condition     = can(regex("@sha256:[0-9a-f]{64}$", var.image))
    error_message = "image must be pinned by digest: <repository>@sha256:<64 hex digits>."
  }
}

variable "port" {
  description = "Port the container listens on."
  type        = number
  default     = 8080
}

variable "min_instances" {
  description = "Minimum instances."
  type        = number
}

variable "max_instances" {
  description = "Maximum instances."
  type        = number
}

variable "cpu" {
  description = "CPU limit of one instance."
  type        = string
}

variable "memory" {
  description = "Memory limit of one instance."
  type        = string
}

variable "network_id" {
  description = "VPC network for direct VPC egress."
  type        = string
}

variable "subnetwork_id" {
  description = "Subnetwork for direct VPC egress."
  type        = string
}

variable "env" {
  description = "Plain environment variables (never secrets)."
  type        = map(string)
  default     = {}
}

variable "secret_env" {
  description = "Environment variables from Secret Manager: name => secret id (latest version)."
  type        = map(string)
  default     = {}
}

variable "labels" {
  description = "Labels for the service."
  type        = map(string)
}
