# Olympus bootstrap: what an administrator applies once per environment
# project, before the pipeline's first run, with their own credentials
# (README.md, "Bootstrap"). It holds everything that decides who may change
# the project: the CI identities and who may become them, the runtime
# identity of the API, and the bucket holding the state of the root module
# one directory up. The pipeline's identities cannot change any of it.

locals {
  labels = {
    app         = "olympus"
    environment = var.environment
    managed-by  = "terraform-bootstrap"
  }
}

resource "google_project_service" "apis" {
  for_each = toset([
    "cloudresourcemanager.googleapis.com",
    "iam.googleapis.com",
    "iamcredentials.googleapis.com",
    "sts.googleapis.com",
    "storage.googleapis.com",
  ])
  project = var.project_id
  service = each.value

  # Turning an API off would break whatever still uses it; removing one
  # from this list only stops managing it.
  disable_on_destroy = false
}

# Every token exchange and impersonation is logged, so "who became
# terraform-apply, from which run" can be answered after the fact.
resource "google_project_iam_audit_config" "identity" {
  for_each = toset(["iamcredentials.googleapis.com", "sts.googleapis.com"])
  project  = var.project_id
  service  = each.value

  audit_log_config {
    log_type = "ADMIN_READ"
  }
  audit_log_config {
    log_type = "DATA_READ"
  }
  audit_log_config {
    log_type = "DATA_WRITE"
  }
}

# The state of the olympus root module (../environments/<env>/backend.tfbackend
# names it). Versioned, so a bad apply's state can be rolled back; never
# public; never destroyed by a plan.
#tfsec:ignore:google-storage-bucket-encryption-customer-key Google-managed encryption; the state holds no secrets (no passwords: the database uses IAM authentication)
resource "google_storage_bucket" "state" {
  project                     = var.project_id
  name                        = "${var.project_id}-tfstate"
  location                    = var.region
  storage_class               = "STANDARD"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false
  labels                      = local.labels

  versioning {
    enabled = true
  }

  # 50 earlier versions of each state are enough to go back weeks.
  lifecycle_rule {
    condition {
      num_newer_versions = 50
      with_state         = "ARCHIVED"
    }
    action {
      type = "Delete"
    }
  }

  lifecycle {
    prevent_destroy = true
  }

  depends_on = [google_project_service.apis]
}

# Authoritative per role: a hand-granted reader or writer is removed by
# the next bootstrap apply. The plan identity reads the state and never
# writes it, not even a lock (plans run with -lock=false; deploy rejects a
# saved plan whose state has moved on). The apply identity reads and
# writes objects, lock included, and cannot change the bucket or its IAM.
resource "google_storage_bucket_iam_binding" "state_read" {
  bucket  = google_storage_bucket.state.name
  role    = "roles/storage.objectViewer"
  members = [google_service_account.plan.member]
}

resource "google_storage_bucket_iam_binding" "state_write" {
  bucket  = google_storage_bucket.state.name
  role    = "roles/storage.objectUser"
  members = [google_service_account.apply.member]
}
