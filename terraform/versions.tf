terraform {
  required_version = ">= 1.5"

  required_providers {
    google = {
      source = "hashicorp/google"
      # 6.31 added settings.retain_backups_on_delete (modules/cloud-sql).
      version = "~> 6.31"
    }
  }

  # Each environment passes its own bucket and prefix:
  #   terraform init -backend-config=environments/<env>/backend.tfbackend
  # The buckets are made by bootstrap/, once per project (README.md).
  backend "gcs" {}
}

provider "google" {
  project = var.project_id
  region  = var.region
}
