output "state_bucket" {
  description = "Bucket of the olympus root's state (environments/<env>/backend.tfbackend one directory up names it)."
  value       = google_storage_bucket.state.name
}

output "service_accounts" {
  description = "Email of each identity: plan, apply, rollback, sql_recover and the API's runtime account."
  value = {
    plan        = google_service_account.plan.email
    apply       = google_service_account.apply.email
    rollback    = google_service_account.rollback.email
    sql_recover = google_service_account.sql_recover.email
    runtime     = google_service_account.runtime.email
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
