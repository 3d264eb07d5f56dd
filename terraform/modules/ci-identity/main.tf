# Workload Identity Federation for GitHub Actions: workflows of one
# repository (by numeric id) exchange their OIDC token for short-lived
# credentials. There are no service account keys anywhere.

terraform {
  required_version = ">= 1.5"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}

resource "google_iam_workload_identity_pool" "github" {
  project                   = var.project_id
  workload_identity_pool_id = "github"
  display_name              = "GitHub Actions"
}

resource "google_iam_workload_identity_pool_provider" "github" {
  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.github.workload_identity_pool_id
  workload_identity_pool_provider_id = "github"
  display_name                       = "GitHub Actions OIDC"

  attribute_mapping = {
    "google.subject"          = "assertion.sub"
    "attribute.repository_id" = "assertion.repository_id"
    "attribute.environment"   = "assertion.environment"
    "attribute.event_name"    = "assertion.event_name"
    "attribute.ref"           = "assertion.ref"
  }
  # Only our repository, by its numeric id: a repository renamed or
  # re-created under the same name gets a new id and no access.
  attribute_condition = "assertion.repository_id == \"${var.github_repository_id}\""

  oidc {
    issuer_uri = "https://token.actions.githubusercontent.com"
  }
}

locals {
  principals = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.github.name}"
}

# Plans on pull requests: reads everything, changes nothing but the state
# lock. It reads the database password secret because the plan reads it.
resource "google_service_account" "plan" {
  project      = var.project_id
  account_id   = "terraform-plan"
  display_name = "Terraform plan (pull requests, read-only)"
}

resource "google_project_iam_member" "plan" {
  for_each = toset(["roles/viewer", "roles/secretmanager.secretAccessor", "roles/iam.securityReviewer"])
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${google_service_account.plan.email}"
}

resource "google_service_account_iam_member" "plan_from_pull_requests" {
  service_account_id = google_service_account.plan.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "${local.principals}/attribute.event_name/pull_request"
}

# Applies: only jobs running in this environment's GitHub Environment (for
# prod, after its required approval) can impersonate it.
resource "google_service_account" "apply" {
  project      = var.project_id
  account_id   = "terraform-apply-${var.environment}"
  display_name = "Terraform apply (${var.environment})"
}

# The roles this root needs to manage its resources, instead of owner or
# editor. Acting as the services' runtime accounts is granted on those
# accounts only (see the root module), not on the project.
#tfsec:ignore:google-iam-no-privileged-service-accounts the apply identity manages IAM and services by design; only the environment's approved deploy job can use it
resource "google_project_iam_member" "apply" {
  for_each = toset([
    "roles/artifactregistry.admin",
    "roles/cloudsql.admin",
    "roles/compute.networkAdmin",
    "roles/iam.serviceAccountAdmin",
    "roles/iam.workloadIdentityPoolAdmin",
    "roles/resourcemanager.projectIamAdmin",
    "roles/run.admin",
    "roles/secretmanager.admin",
    "roles/servicenetworking.networksAdmin",
    "roles/serviceusage.serviceUsageAdmin",
  ])
  project = var.project_id
  role    = each.value
  member  = "serviceAccount:${google_service_account.apply.email}"
}

resource "google_service_account_iam_member" "apply_from_environment" {
  service_account_id = google_service_account.apply.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "${local.principals}/attribute.environment/${var.environment}"
}

# Both write the state (the plan only its lock).
resource "google_storage_bucket_iam_member" "state" {
  for_each = {
    plan  = google_service_account.plan.email
    apply = google_service_account.apply.email
  }
  bucket = var.state_bucket
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${each.value}"
}
