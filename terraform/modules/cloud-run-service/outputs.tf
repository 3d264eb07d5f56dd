output "name" {
  description = "Service name."
  value       = google_cloud_run_v2_service.main.name
}

output "uri" {
  description = "Service URL (internal ingress)."
  value       = google_cloud_run_v2_service.main.uri
}
