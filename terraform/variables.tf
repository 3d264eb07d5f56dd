variable "environment" {
  description = "Environment name: dev, staging or prod."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be dev, staging or prod."
  }
}

variable "project_id" {
  description = "The environment's own GCP project id."
  type        = string
}

variable "region" {
  description = "Region of every regional resource."
  type        = string
  default     = "us-central1"
}

variable "github_repository_id" {
  description = "Numeric id of the GitHub repository whose workflows deploy this environment (stable across renames, unlike its name)."
  type        = string
}

variable "state_bucket" {
  description = "The environment's Terraform state bucket, made outside this root (see README.md)."
  type        = string
}

variable "api_image" {
  description = "The olympus-api image, by digest (…@sha256:…)."
  type        = string
}

variable "api_min_instances" {
  description = "Minimum olympus-api instances."
  type        = number
}

variable "api_max_instances" {
  description = "Maximum olympus-api instances."
  type        = number
}

variable "api_cpu" {
  description = "CPU limit of one olympus-api instance, such as \"1\" or \"2\"."
  type        = string
}

variable "api_memory" {
  description = "Memory limit of one olympus-api instance, such as \"512Mi\"."
  type        = string
}

variable "sql_tier" {
  description = "Cloud SQL machine tier."
  type        = string
}

variable "sql_disk_size_gb" {
  description = "Cloud SQL disk size in GB."
  type        = number
}

variable "sql_availability_type" {
  description = "ZONAL or REGIONAL (high availability)."
  type        = string
}

variable "sql_backup_retention_count" {
  description = "How many daily backups Cloud SQL keeps."
  type        = number
}

variable "sql_log_retention_days" {
  description = "Days of transaction logs kept for point-in-time recovery (7 in production)."
  type        = number
}
