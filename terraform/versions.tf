terraform {
  required_version = ">= 1.5"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }

  # Each environment passes its own bucket and prefix:
  #   terraform init -backend-config=environments/<env>/backend.tfbackend
  # The buckets are made once per project, outside this root (README.md).
  backend "gcs" {}
}

provider "google" {
  project = var.project_id
  region  = var.region
}
