# PostgreSQL for Olympus: private IP only, TLS and the Cloud SQL connector
# required, IAM database authentication (no password exists), daily backups
# and point-in-time recovery (our data rollback restores into a new
# instance with sql-recover), protected from deletion by a plan and by the
# API itself.

terraform {
  required_version = ">= 1.5"
  required_providers {
    google = {
      source = "hashicorp/google"
      # 6.31 added settings.retain_backups_on_delete.
      version = "~> 6.31"
    }
  }
}

resource "google_sql_database_instance" "main" {
  project          = var.project_id
  name             = "olympus-${var.environment}"
  region           = var.region
  database_version = "POSTGRES_16"

  # Terraform's own guard: a plan that deletes the instance fails.
  deletion_protection = true

  settings {
    # PostgreSQL 16 defaults to ENTERPRISE_PLUS, which accepts only
    # db-perf-optimized-* tiers; our db-custom-* tiers are ENTERPRISE.
    edition           = "ENTERPRISE"
    tier              = var.tier
    availability_type = var.availability_type
    user_labels       = var.labels

    # The API's guard: the console, gcloud and the API refuse to delete
    # the instance too, so a break-glass delete needs a deliberate step.
    deletion_protection_enabled = true
    # And if it is deleted anyway, its backups stay (sql-recover restores
    # from them).
    retain_backups_on_delete = true

    # The disk starts at disk_size_gb and grows by itself up to the limit;
    # ignore_changes below keeps later plans from trying to shrink it.
    disk_type             = "PD_SSD"
    disk_size             = var.disk_size_gb
    disk_autoresize       = true
    disk_autoresize_limit = var.disk_autoresize_limit

    # Only the Cloud SQL connectors (which carry IAM authentication and
    # TLS) may connect.
    connector_enforcement = "REQUIRED"

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

    # Sunday 04:00 UTC, after the 03:00 backup. canary (staging) gets each
    # database update a week or more before stable (prod).
    maintenance_window {
      day          = 7
      hour         = 4
      update_track = var.update_track
    }

    # IAM database authentication: users log in with a Google token.
    database_flags {
      name  = "cloudsql.iam_authentication"
      value = "on"
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

  lifecycle {
    # Autoresize owns the disk size after creation: without this, every
    # plan after a growth would try to shrink the disk back.
    ignore_changes = [settings[0].disk_size]
  }
}

resource "google_sql_database" "olympus" {
  project  = var.project_id
  instance = google_sql_database_instance.main.name
  name     = "olympus"
}

# The application's database user is its runtime service account; for
# PostgreSQL its name is the email without ".gserviceaccount.com". Table
# privileges are granted by the schema migrations, not here.
resource "google_sql_user" "app" {
  project  = var.project_id
  instance = google_sql_database_instance.main.name
  name     = trimsuffix(var.iam_user, ".gserviceaccount.com")
  type     = "CLOUD_IAM_SERVICE_ACCOUNT"
}

# What the connector needs (cloudsql.client) and what an IAM login needs
# (cloudsql.instanceUser). These are the only project roles this root
# grants; the apply identity's IAM admin role is conditioned to them
# (bootstrap/identities.tf, managed_project_roles).
resource "google_project_iam_member" "app" {
  for_each = toset(["roles/cloudsql.client", "roles/cloudsql.instanceUser"])
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${var.iam_user}"
}
