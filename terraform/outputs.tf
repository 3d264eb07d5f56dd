output "api_url" {
  description = "URL of the olympus-api service (internal ingress: reachable from the VPC only)."
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
  description = "Artifact Registry path the API's images are deployed from (made by bootstrap/, pushed to by the application's release workflow)."
  value       = "${data.google_artifact_registry_repository.images.location}-docker.pkg.dev/${var.project_id}/${data.google_artifact_registry_repository.images.repository_id}"
}
