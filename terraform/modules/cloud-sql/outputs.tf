output "instance_name" {
  description = "Instance name."
  value       = google_sql_database_instance.main.name
}

output "connection_name" {
  description = "project:region:instance, for the Cloud SQL connector."
  value       = google_sql_database_instance.main.connection_name
}

output "database_name" {
  description = "The application database."
  value       = google_sql_database.olympus.name
}

output "user_name" {
  description = "The application's IAM database user (its service account email without .gserviceaccount.com)."
  value       = google_sql_user.app.name
}
