output "workload_identity_provider" {
  description = "Provider name for google-github-actions/auth."
  value       = google_iam_workload_identity_pool_provider.github.name
}

output "plan_service_account" {
  description = "Email of the read-only plan service account."
  value       = google_service_account.plan.email
}

output "apply_service_account" {
  description = "Email of this environment's apply service account."
  value       = google_service_account.apply.email
}
