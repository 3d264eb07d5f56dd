# A small Olympus-shaped root module on the local test cloud: one API service
# and its database, per environment. It is the embedded default of
# `make demo` and the fixture of the end-to-end tests; no cloud account needed.

terraform {
  required_version = ">= 1.5"

  required_providers {
    localcloud = {
      source  = "olympus/localcloud"
      version = "0.1.0"
    }
  }

  # Each environment passes its own state path with
  # -backend-config=environments/<env>/backend.tfbackend.
  backend "local" {}
}

provider "localcloud" {
  # Objects live on local disk, one directory per environment; editing a
  # file behind Terraform's back is real drift.
  root = "${path.root}/.localcloud/${var.environment}"
}

resource "localcloud_service" "api" {
  name  = "olympus-api-${var.environment}"
  image = var.image

  env = {
    ENVIRONMENT = var.environment
    LOG_LEVEL   = var.log_level
    API_KEY     = var.api_key
  }
}

resource "localcloud_sql_instance" "db" {
  name                = "olympus-db-${var.environment}"
  tier                = var.sql_tier
  pitr_enabled        = var.pitr_enabled
  retention_days      = var.retention_days
  deletion_protection = var.deletion_protection
}
