output "state_bucket" {
  description = "Bucket of the olympus root's state (environments/<env>/backend.tfbackend one directory up names it)."
  value       = google_storage_bucket.state.name
}

output "image_repository" {
  description = "Artifact Registry path the application's release workflow pushes the API's images to; the olympus root deploys them from there by digest."
  value       = "${google_artifact_registry_repository.images.location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "service_accounts" {
  description = "Email of each identity: plan, apply, rollback, sql_recover, the application's image_push and image_attestor, and the API's runtime account."
  value = {
    plan           = google_service_account.plan.email
    apply          = google_service_account.apply.email
    rollback       = google_service_account.rollback.email
    sql_recover    = google_service_account.sql_recover.email
    image_push     = google_service_account.image_push.email
    image_attestor = google_service_account.image_attestor.email
    runtime        = google_service_account.runtime.email
  }
}

output "github_environment_variables" {
  description = "The variables of each GitHub Environment the workflows read, by Environment name (README.md, \"GitHub Environments\")."
  value = {
    "${var.environment}-plan" = {
      GCP_PROJECT          = var.project_id
      PLAN_WIF_PROVIDER    = google_iam_workload_identity_pool_provider.plan.name
      PLAN_SERVICE_ACCOUNT = google_service_account.plan.email
    }
    (var.environment) = {
      GCP_PROJECT                 = var.project_id
      DEPLOY_WIF_PROVIDER         = google_iam_workload_identity_pool_provider.apply.name
      DEPLOY_SERVICE_ACCOUNT      = google_service_account.apply.email
      ROLLBACK_WIF_PROVIDER       = google_iam_workload_identity_pool_provider.rollback.name
      ROLLBACK_SERVICE_ACCOUNT    = google_service_account.rollback.email
      SQL_RECOVER_WIF_PROVIDER    = google_iam_workload_identity_pool_provider.sql_recover.name
      SQL_RECOVER_SERVICE_ACCOUNT = google_service_account.sql_recover.email
    }
  }
}

output "application_release_variables" {
  description = "What the application's release workflow (in app_repository, not this one) needs to push an image to this environment and attest it, as variables of its GitHub Environment <env> (README.md, \"Bringing up a new project\")."
  value = {
    (var.environment) = {
      GCP_PROJECT                    = var.project_id
      IMAGE_REPOSITORY               = "${google_artifact_registry_repository.images.location}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
      IMAGE_PUSH_WIF_PROVIDER        = google_iam_workload_identity_pool_provider.image_push.name
      IMAGE_PUSH_SERVICE_ACCOUNT     = google_service_account.image_push.email
      IMAGE_ATTESTOR_WIF_PROVIDER    = google_iam_workload_identity_pool_provider.image_attestor.name
      IMAGE_ATTESTOR_SERVICE_ACCOUNT = google_service_account.image_attestor.email
      ATTESTOR                       = google_binary_authorization_attestor.release.id
      ATTESTATION_KEY_VERSION        = data.google_kms_crypto_key_version.attestation.id
    }
  }
}
