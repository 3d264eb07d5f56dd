# Breaks each Olympus tflint rule once (prod deletion protection twice).
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
  database_version    = "POSTGRES_16"
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

# Identities: the apply account trusts every token of its pool that names
# the environment, project IAM admin is unconditioned, and the plan account
# reads every secret.
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
  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}

resource "google_service_account" "apply" {
  account_id = "terraform-apply"
}

resource "google_service_account_iam_member" "apply" {
  service_account_id = google_service_account.apply.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.ci.name}/attribute.environment/${var.environment}"
}

resource "google_project_iam_member" "apply" {
  project = google_service_account.apply.project
  role    = "roles/resourcemanager.projectIamAdmin"
  member  = google_service_account.apply.member
}

resource "google_service_account" "plan" {
  account_id = "terraform-plan"
}

resource "google_project_iam_member" "plan" {
  project = google_service_account.plan.project
  role    = "roles/secretmanager.secretAccessor"
  member  = google_service_account.plan.member
}
