variable "environment" {
  description = "Environment name: dev, staging or prod."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "The environment must be dev, staging or prod."
  }
}

variable "image" {
  description = "Container image of the API, by digest."
  type        = string
  default     = "us-docker.pkg.dev/olympus/api/olympus-api@sha256:0000000000000000000000000000000000000000000000000000000000000001"
}

variable "log_level" {
  description = "Log level of the API."
  type        = string
  default     = "info"
}

variable "api_key" {
  description = "API key handed to the service; a secret, never shown."
  type        = string
  sensitive   = true
  default     = "local-demo-key"
}

variable "sql_tier" {
  description = "Machine tier of the database."
  type        = string
  default     = "db-f1-micro"
}

variable "pitr_enabled" {
  description = "Whether point-in-time recovery is on."
  type        = bool
  default     = false
}

variable "retention_days" {
  description = "Days of transaction logs kept for point-in-time recovery."
  type        = number
  default     = 1
}

variable "deletion_protection" {
  description = "Whether the database refuses to be deleted."
  type        = bool
  default     = true
}

variable "service_base_url" {
  description = "Where the test bed's HTTP service (internal/testbed/demoapp) answers for the local cloud's services; `make demo` starts it there."
  type        = string
  default     = "http://127.0.0.1:8181"
}
