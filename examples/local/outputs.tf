output "service_name" {
  description = "Name of the API service."
  value       = localcloud_service.api.name
}

output "service_revision" {
  description = "Newest revision of the API service."
  value       = localcloud_service.api.revision
}

output "database_name" {
  description = "Name of the database instance."
  value       = localcloud_sql_instance.db.name
}

output "api_key" {
  description = "The API key, to show that sensitive outputs are never printed."
  value       = var.api_key
  sensitive   = true
}

output "service_url" {
  description = "The API's health URL, served by the test bed's HTTP service as the serving revision would answer: deploy's verify checks it."
  value       = "${var.service_base_url}/${localcloud_service.api.name}/healthz"
}
