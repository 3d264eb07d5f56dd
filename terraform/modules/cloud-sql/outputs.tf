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
  description = "The application user."
  value       = google_sql_user.api.name
}

output "password_secret_id" {
  description = "Secret Manager secret holding the application user's password."
  value       = google_secret_manager_secret.db_password.secret_id
}
