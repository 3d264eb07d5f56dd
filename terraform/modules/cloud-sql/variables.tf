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
  description = "Machine tier."
  type        = string
}

variable "disk_size_gb" {
  description = "Initial disk size in GB (it grows automatically)."
  type        = number
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

variable "labels" {
  description = "Labels for every resource."
  type        = map(string)
}
