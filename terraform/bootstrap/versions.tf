terraform {
  required_version = ">= 1.5"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.31"
    }
  }

  # The bootstrap's own state lives in a bucket of its own, made by hand
  # before the first apply and readable only by the project's
  # administrators (README.md, "Bootstrap"):
  #   terraform init -backend-config=environments/<env>/backend.tfbackend
  backend "gcs" {}
}

provider "google" {
  project = var.project_id
  region  = var.region
}
