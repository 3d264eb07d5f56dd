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

variable "project" {
  type = string
}

resource "google_sql_database_instance" "db" {
  name             = "olympus-db-${var.environment}"
  database_version = "POSTGRES_16"
  settings {
    tier = "db-custom-2-7680"
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

# The identities the review of terraform/ found (issue 14): the apply
# account trusts its pool through the environment claim alone, the plan
# account reads every secret and writes the state, and a project IAM admin
# grant has no condition (the apply account's limited one is fine).
locals {
  principals = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.ci.name}"
  managed    = ["roles/cloudsql.client", "roles/cloudsql.instanceUser"]
}

resource "google_iam_workload_identity_pool" "ci" {
  workload_identity_pool_id = "github"
}

resource "google_iam_workload_identity_pool_provider" "ci" {
  workload_identity_pool_id          = google_iam_workload_identity_pool.ci.workload_identity_pool_id
  workload_identity_pool_provider_id = "github"
  attribute_condition                = "assertion.repository_id == '812345678'"
  attribute_mapping = {
    "google.subject"        = "assertion.sub"
    "attribute.environment" = "assertion.environment"
  }
}

resource "google_service_account" "apply" {
  account_id = "terraform-apply-${var.environment}"
}

resource "google_service_account_iam_member" "apply" {
  service_account_id = google_service_account.apply.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "${local.principals}/attribute.environment/${var.environment}"
}

resource "google_service_account" "plan" {
  account_id = "terraform-plan"
}

resource "google_project_iam_member" "plan" {
  for_each = toset(["roles/viewer", "roles/secretmanager.secretAccessor"])
  project  = var.project
  role     = each.value
  member   = google_service_account.plan.member
}

resource "google_storage_bucket_iam_member" "state" {
  for_each = {
    plan  = google_service_account.plan.email
    apply = google_service_account.apply.email
  }
  bucket = "olympus-tfstate"
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${each.value}"
}

resource "google_project_iam_member" "admin" {
  project = var.project
  role    = "roles/resourcemanager.projectIamAdmin"
  member  = "group:olympus-admins@example.com"
}

resource "google_project_iam_member" "apply_iam_admin" {
  project = var.project
  role    = "roles/resourcemanager.projectIamAdmin"
  member  = google_service_account.apply.member
  condition {
    title      = "managed roles only"
    expression = "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${join(", ", formatlist("'%s'", local.managed))}])"
  }
}

# Issue 20: the recovery account's custom role, its permissions from a
# local, also exports and is granted without a condition on the instance
# name prefix (the plan account's roles/viewer above is reported too).
locals {
  recover_permissions = ["cloudsql.instances.clone", "cloudsql.instances.get", "cloudsql.instances.list", "cloudsql.instances.export"]
}

resource "google_project_iam_custom_role" "recover" {
  project     = var.project
  role_id     = "olympusSqlRecover"
  title       = "Olympus Cloud SQL recovery"
  permissions = local.recover_permissions
}

resource "google_service_account" "sql_recover" {
  account_id = "sql-recover"
}

resource "google_project_iam_member" "sql_recover" {
  project = var.project
  role    = google_project_iam_custom_role.recover.id
  member  = google_service_account.sql_recover.member
}
