output "name" {
  description = "Service name."
  value       = google_cloud_run_v2_service.main.name
}

output "uri" {
  description = "Service URL."
  value       = google_cloud_run_v2_service.main.uri
}

output "service_account" {
  description = "Runtime service account email."
  value       = google_service_account.runtime.email
}
