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

variable "api_invokers" {
  description = "Principals allowed to call olympus-api (roles/run.invoker, authoritative): serviceAccount:, group: or user: members. The service has internal ingress; an empty list means no one may call it."
  type        = list(string)

  validation {
    condition     = alltrue([for m in var.api_invokers : can(regex("^(serviceAccount|group|user|principal|principalSet):", m))])
    error_message = "api_invokers: name each caller (serviceAccount:, group:, user:, principal: or principalSet:); allUsers and allAuthenticatedUsers would make the API public."
  }
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
  description = "Cloud SQL disk size in GB when the instance is created; it then grows by itself."
  type        = number
}

variable "sql_disk_autoresize_limit_gb" {
  description = "The most the Cloud SQL disk may grow to, in GB, so a runaway table cannot grow the bill without bound."
  type        = number
}

variable "sql_maintenance_update_track" {
  description = "Cloud SQL maintenance timing: canary (staging: gets each update first) or stable (prod: a week or more later)."
  type        = string

  validation {
    condition     = contains(["canary", "stable", "week5"], var.sql_maintenance_update_track)
    error_message = "sql_maintenance_update_track must be canary, stable or week5."
  }
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
