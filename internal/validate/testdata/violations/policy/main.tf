# Breaks each Olympus tflint rule once.
terraform {
  required_version = ">= 1.5"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
  # Both environments end up at gs://olympus-tfstate/olympus.
  backend "gcs" {
    bucket = "olympus-tfstate"
    prefix = "olympus"
  }
}

variable "environment" {
  type = string
}

variable "pitr_enabled" {
  type = bool
}

provider "google" {
  project = "olympus-prod-4821"
}

resource "google_sql_database_instance" "db" {
  name                = "olympus-db-${var.environment}"
  database_version    = "POSTGRES_15"
  deletion_protection = false
  settings {
    tier = "db-custom-2-7680"
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = var.pitr_enabled
      transaction_log_retention_days = 3
    }
  }
}

resource "google_cloud_run_v2_service" "api" {
  name     = "olympus-api"
  location = "europe-west1"
  template {
    containers {
      image = "europe-docker.pkg.dev/olympus/api/api:latest"
    }
  }
}

module "net" {
  source = "./modules/net"
  name   = "olympus"
}
