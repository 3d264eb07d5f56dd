# One Cloud Run service. Terraform owns its configuration and who may call
# or change it; traffic belongs to the deploy and traffic-rollback steps.
#
# Exposure, decided here: internal ingress (the VPC and internal load
# balancers only, never the internet), and an authoritative IAM policy
# naming every invoker. A grant made by hand is removed by the next apply
# and shows up in the plan before that.
#
# What runs, decided by the project's Binary Authorization policy
# (bootstrap/images.tf): Cloud Run checks it on every change to the
# service, traffic moves included, so whoever may change the service can
# still only run attested images. Turning it off, or a breakglass, is a
# change to this block: drift until codified, and in Cloud Audit Logs.

terraform {
  required_version = ">= 1.5"
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.31"
    }
  }
}

resource "google_cloud_run_v2_service" "main" {
  project             = var.project_id
  name                = var.name
  location            = var.region
  ingress             = "INGRESS_TRAFFIC_INTERNAL_ONLY"
  labels              = var.labels
  deletion_protection = true

  binary_authorization {
    use_default = true
  }

  template {
    # Made by bootstrap/ with the identities; this root cannot create or
    # change service accounts.
    service_account = var.service_account

    scaling {
      min_instance_count = var.min_instances
      max_instance_count = var.max_instances
    }

    vpc_access {
      egress = "PRIVATE_RANGES_ONLY"
      network_interfaces {
        network    = var.network_id
        subnetwork = var.subnetwork_id
      }
    }

    containers {
      image = var.image

      ports {
        container_port = var.port
      }

      resources {
        limits = {
          cpu    = var.cpu
          memory = var.memory
        }
      }

      dynamic "env" {
        for_each = var.env
        content {
          name  = env.key
          value = env.value
        }
      }

      # Pinned versions: a new secret version reaches the service through
      # a reviewed change and a new revision, never by surprise, and a
      # traffic rollback also rolls the secret back.
      dynamic "env" {
        for_each = var.secret_env
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = env.value.secret
              version = env.value.version
            }
          }
        }
      }

      startup_probe {
        http_get {
          path = "/healthz"
        }
        period_seconds    = 5
        failure_threshold = 12
      }

      liveness_probe {
        http_get {
          path = "/healthz"
        }
        period_seconds = 30
      }
    }
  }

  lifecycle {
    # Traffic is moved by the deploy and traffic-rollback steps, not by
    # Terraform: an apply must never silently undo a rollback by sending
    # traffic back to the revision it had planned. client and
    # client_version change with every gcloud or console touch.
    ignore_changes = [traffic, client, client_version]
  }
}

# The service's whole IAM policy: invokers by name, and the identities
# that may move its traffic (traffic-rollback), on this service only.
data "google_iam_policy" "service" {
  dynamic "binding" {
    for_each = { for role, members in {
      "roles/run.invoker" = var.invokers
      (var.traffic_role)  = var.traffic_operators
    } : role => members if length(members) > 0 }
    content {
      role    = binding.key
      members = binding.value
    }
  }
}

resource "google_cloud_run_v2_service_iam_policy" "main" {
  project     = var.project_id
  location    = var.region
  name        = google_cloud_run_v2_service.main.name
  policy_data = data.google_iam_policy.service.policy_data
}
