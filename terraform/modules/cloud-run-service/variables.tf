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

variable "service_account" {
  description = "Email of the service account the service runs as."
  type        = string
}

variable "invokers" {
  description = "Every principal that may call the service (roles/run.invoker). Authoritative: no one else can."
  type        = list(string)

  validation {
    condition     = !contains(var.invokers, "allUsers") && !contains(var.invokers, "allAuthenticatedUsers")
    error_message = "invokers: this service is internal; name each caller instead of allUsers or allAuthenticatedUsers."
  }
}

variable "traffic_role" {
  description = "The role traffic_operators get on this service only: a custom role with run.services.get and run.services.update (bootstrap/identities.tf, olympusTrafficRollback)."
  type        = string
}

variable "traffic_operators" {
  description = "Principals that may move this service's traffic (traffic_role on the service only)."
  type        = list(string)
  default     = []
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
  description = "Environment variables from Secret Manager: name => the secret's id and a pinned version number. The runtime account's access to each secret is granted where the secret is made (bootstrap/), not here."
  type = map(object({
    secret  = string
    version = string
  }))
  default = {}

  validation {
    condition     = alltrue([for s in values(var.secret_env) : can(regex("^[1-9][0-9]*$", s.version))])
    error_message = "secret_env: pin each secret to a version number; \"latest\" would change what a revision runs without a deploy."
  }
}

variable "labels" {
  description = "Labels for the service."
  type        = map(string)
}
