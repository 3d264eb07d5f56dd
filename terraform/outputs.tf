output "api_url" {
  description = "URL of the olympus-api service."
  value       = module.api.uri
}

output "api_service_name" {
  description = "Name of the olympus-api Cloud Run service, for traffic-rollback."
  value       = module.api.name
}

output "database_instance" {
  description = "Name of the Cloud SQL instance, for sql-recover."
  value       = module.database.instance_name
}

output "image_repository" {
  description = "Artifact Registry path to push images to."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}"
}

output "workload_identity_provider" {
  description = "Full name of the GitHub OIDC provider, for google-github-actions/auth."
  value       = module.ci_identity.workload_identity_provider
}

output "plan_service_account" {
  description = "Read-only service account that pull request plans impersonate."
  value       = module.ci_identity.plan_service_account
}

output "apply_service_account" {
  description = "Service account that this environment's deploy job impersonates."
  value       = module.ci_identity.apply_service_account
}
