terraform {
  backend "gcs" {
    bucket = "olympus-tfstate"
  }
}

variable "environment" {
  type = string
}

variable "retention_days" {
  type = number
}

resource "google_sql_database_instance" "db" {
  name = "olympus-db-${var.environment}"
  settings {
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = var.retention_days
    }
  }
}

resource "google_cloud_run_v2_service" "api" {
  project = "olympus-dev-1234"
  template {
    containers {
      image = "europe-docker.pkg.dev/olympus/api/api"
    }
  }
}
