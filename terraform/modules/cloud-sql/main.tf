# PostgreSQL for Olympus: private IP only, TLS required, daily backups and
# point-in-time recovery (our data rollback restores into a new instance
# with sql-recover), protected from deletion by a plan.

terraform {
  required_version = ">= 1.5"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}

resource "google_sql_database_instance" "main" {
  project          = var.project_id
  name             = "olympus-${var.environment}"
  region           = var.region
  database_version = "POSTGRES_16"

  # On in every environment: deleting the instance deletes its backups.
  deletion_protection = true

  settings {
    tier              = var.tier
    disk_size         = var.disk_size_gb
    disk_autoresize   = true
    availability_type = var.availability_type
    user_labels       = var.labels

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      start_time                     = "03:00"
      transaction_log_retention_days = var.log_retention_days

      backup_retention_settings {
        retained_backups = var.backup_retention_count
      }
    }

    # ssl_mode = ENCRYPTED_ONLY requires TLS on every connection. defsec
    # v0.93.1 only knows require_ssl, which google provider 6 removed.
    #tfsec:ignore:google-sql-encrypt-in-transit-data
    ip_configuration {
      ipv4_enabled    = false
      private_network = var.network_id
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    # What a review of an incident needs to read in the logs.
    database_flags {
      name  = "log_checkpoints"
      value = "on"
    }
    database_flags {
      name  = "log_connections"
      value = "on"
    }
    database_flags {
      name  = "log_disconnections"
      value = "on"
    }
    database_flags {
      name  = "log_lock_waits"
      value = "on"
    }
    database_flags {
      name  = "log_temp_files"
      value = "0"
    }
    database_flags {
      name  = "log_min_duration_statement"
      value = "-1"
    }
  }
}

resource "google_sql_database" "olympus" {
  project  = var.project_id
  instance = google_sql_database_instance.main.name
  name     = "olympus"
}

# The password is made and rotated in Secret Manager, never in Terraform;
# its first version is added once by hand (README.md, bootstrap).
resource "google_secret_manager_secret" "db_password" {
  project   = var.project_id
  secret_id = "olympus-db-password"
  labels    = var.labels

  replication {
    auto {}
  }
}

data "google_secret_manager_secret_version" "db_password" {
  project = var.project_id
  secret  = google_secret_manager_secret.db_password.secret_id
}

resource "google_sql_user" "api" {
  project  = var.project_id
  instance = google_sql_database_instance.main.name
  name     = "olympus-api"
  password = data.google_secret_manager_secret_version.db_password.secret_data
}
