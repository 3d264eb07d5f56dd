# Olympus bootstrap: what an administrator applies once per environment
# project, before the pipeline's first run, with their own credentials
# (README.md, "Bootstrap"). It holds everything that decides who may change
# the project or what runs in it: the CI identities and who may become
# them, the runtime identity of the API, the bucket holding the state of
# the root module one directory up, the Artifact Registry repository the
# API's images come from, and the Binary Authorization policy that decides
# which of them may run (images.tf). The pipeline's identities cannot
# change any of it.
#
# Every resource waits for the APIs below: directly (depends_on) or through
# a resource it refers to that does. internal/tests/infra checks both.

locals {
  labels = {
    app         = "olympus"
    environment = var.environment
    managed-by  = "terraform-bootstrap"
  }
}

resource "google_project_service" "apis" {
  for_each = toset([
    "artifactregistry.googleapis.com",
    "binaryauthorization.googleapis.com",
    "cloudkms.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "containeranalysis.googleapis.com",
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

  depends_on = [google_project_service.apis]
}

# The state of the olympus root module (../environments/<env>/backend.tfbackend
# names it). Versioned, so a bad apply's state can be rolled back; a
# deleted object (a version included) stays restorable for 30 days
# (soft delete); never public; never destroyed by a plan.
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

  # An object deleted by hand or by the lifecycle rule below can be
  # restored for 30 days (gcloud storage restore).
  soft_delete_policy {
    retention_duration_seconds = 30 * 24 * 60 * 60
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

# The bucket's whole IAM policy, authoritative: no project convenience
# bindings (projectOwner:, projectEditor:, projectViewer:, which a new
# bucket gets and which would let every project viewer read the state), no
# grant made by hand survives the next bootstrap apply. The plan identity
# reads the state and never writes it, not even a lock (plans run with
# -lock=false; deploy rejects a saved plan whose state has moved on). The
# apply identity reads and writes objects, lock included, and cannot change
# the bucket or its IAM. Administrators keep storage.buckets.setIamPolicy
# through their project role, so a break-glass read is a grant they make,
# recorded in the incident, and undone by the next bootstrap apply.
data "google_iam_policy" "state" {
  binding {
    role    = "roles/storage.objectViewer"
    members = [google_service_account.plan.member]
  }
  binding {
    role    = "roles/storage.objectUser"
    members = [google_service_account.apply.member]
  }
}

resource "google_storage_bucket_iam_policy" "state" {
  bucket      = google_storage_bucket.state.name
  policy_data = data.google_iam_policy.state.policy_data
}
