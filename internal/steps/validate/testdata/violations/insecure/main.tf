terraform {
  required_providers {
    google = {
      source = "hashicorp/google"
    }
  }
}

#tfsec:ignore:google-storage-bucket-encryption-customer-key
resource "google_storage_bucket" "public" {
  name                        = "olympus-public"
  location                    = "US"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket_iam_member" "all" {
  bucket = google_storage_bucket.public.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_sql_database_instance" "db" {
  name             = "db"
  database_version = "POSTGRES_15"
  settings {
    tier = "db-f1-micro"
    ip_configuration {
      ipv4_enabled = false
      ssl_mode     = "TRUSTED_CLIENT_CERTIFICATE_REQUIRED"
    }
  }
}
