variable "project_id" {
  description = "GCP project of the instance."
  type        = string
}

variable "region" {
  description = "Region of the instance."
  type        = string
}

variable "environment" {
  description = "Environment name, part of the instance name."
  type        = string
}

variable "network_id" {
  description = "VPC network the instance gets its private IP in."
  type        = string
}

variable "tier" {
  description = "Machine tier of the ENTERPRISE edition, such as db-custom-2-7680."
  type        = string

  validation {
    condition     = !startswith(var.tier, "db-perf-optimized-")
    error_message = "tier: db-perf-optimized-* tiers belong to the ENTERPRISE_PLUS edition; this module runs ENTERPRISE (db-custom-*)."
  }
}

variable "disk_size_gb" {
  description = "Disk size in GB at creation; autoresize grows it from there and later plans ignore it."
  type        = number
}

variable "disk_autoresize_limit" {
  description = "The most autoresize may grow the disk to, in GB."
  type        = number

  validation {
    condition     = var.disk_autoresize_limit > 0
    error_message = "disk_autoresize_limit must be set (0 would mean no limit)."
  }
}

variable "availability_type" {
  description = "ZONAL or REGIONAL."
  type        = string
}

variable "backup_retention_count" {
  description = "Daily backups kept."
  type        = number
}

variable "log_retention_days" {
  description = "Days of transaction logs kept for point-in-time recovery."
  type        = number
}

variable "update_track" {
  description = "Maintenance update track: canary gets each update before stable."
  type        = string
}

variable "iam_user" {
  description = "Email of the service account that logs in to the database with IAM authentication (the application's runtime account)."
  type        = string

  validation {
    condition     = endswith(var.iam_user, ".gserviceaccount.com")
    error_message = "iam_user must be a service account email."
  }
}

variable "labels" {
  description = "Labels for every resource."
  type        = map(string)
}
