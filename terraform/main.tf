# Olympus Cloud: one root module for dev, staging and prod. Every
# environment runs exactly this code with its own terraform.tfvars and its
# own state, so staging mirrors production by construction. The identities
# it uses, the image repository and the Binary Authorization policy are
# made by bootstrap/ (README.md, "Identities"); this root creates none of
# them and cannot change who may become an identity or which images run.

locals {
  labels = {
    app         = "olympus"
    environment = var.environment
    managed-by  = "terraform"
  }

  # Made by bootstrap/identities.tf, named the same in every project.
  runtime_account  = "olympus-api-run@${var.project_id}.iam.gserviceaccount.com"
  rollback_account = "traffic-rollback@${var.project_id}.iam.gserviceaccount.com"
  rollback_role    = "projects/${var.project_id}/roles/olympusTrafficRollback"
}

resource "google_project_service" "apis" {
  for_each = toset([
    "compute.googleapis.com",
    "run.googleapis.com",
    "servicenetworking.googleapis.com",
    "sqladmin.googleapis.com",
  ])
  project = var.project_id
  service = each.value

  # Turning an API off would break whatever still uses it; removing one
  # from this list only stops managing it.
  disable_on_destroy = false
}

# The image repository, made by bootstrap/images.tf before this root's
# first apply and filled by the application's release workflow: the API's
# image exists before the service that runs it. Without the bootstrap, the
# plan stops here, before anything is created.
data "google_artifact_registry_repository" "images" {
  project       = var.project_id
  location      = var.region
  repository_id = "olympus"
}

# A private network: the database has no public IP, and the API reaches it
# through direct VPC egress.
resource "google_compute_network" "main" {
  project                 = var.project_id
  name                    = "olympus"
  auto_create_subnetworks = false

  depends_on = [google_project_service.apis]
}

resource "google_compute_subnetwork" "main" {
  project                  = var.project_id
  name                     = "olympus-${var.region}"
  region                   = var.region
  network                  = google_compute_network.main.id
  ip_cidr_range            = "10.10.0.0/20"
  private_ip_google_access = true

  log_config {
    aggregation_interval = "INTERVAL_10_MIN"
    flow_sampling        = 0.5
    metadata             = "INCLUDE_ALL_METADATA"
  }
}

resource "google_compute_global_address" "sql_peering" {
  project       = var.project_id
  name          = "olympus-sql-peering"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 20
  network       = google_compute_network.main.id
}

resource "google_service_networking_connection" "sql" {
  network                 = google_compute_network.main.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.sql_peering.name]
}

module "database" {
  source = "./modules/cloud-sql"

  project_id             = var.project_id
  region                 = var.region
  environment            = var.environment
  network_id             = google_compute_network.main.id
  tier                   = var.sql_tier
  disk_size_gb           = var.sql_disk_size_gb
  disk_autoresize_limit  = var.sql_disk_autoresize_limit_gb
  availability_type      = var.sql_availability_type
  backup_retention_count = var.sql_backup_retention_count
  log_retention_days     = var.sql_log_retention_days
  update_track           = var.sql_maintenance_update_track
  iam_user               = local.runtime_account
  labels                 = local.labels

  depends_on = [google_service_networking_connection.sql]
}

module "api" {
  source = "./modules/cloud-run-service"

  project_id      = var.project_id
  region          = var.region
  name            = "olympus-api"
  image           = var.api_image
  service_account = local.runtime_account
  min_instances   = var.api_min_instances
  max_instances   = var.api_max_instances
  cpu             = var.api_cpu
  memory          = var.api_memory
  network_id      = google_compute_network.main.id
  subnetwork_id   = google_compute_subnetwork.main.id
  labels          = local.labels

  # Internal ingress; these principals, and no one else, may call it.
  invokers = var.api_invokers
  # traffic-rollback moves this service's traffic and nothing else's
  # (olympusTrafficRollback: get and update, not delete).
  traffic_role      = local.rollback_role
  traffic_operators = ["serviceAccount:${local.rollback_account}"]

  # IAM database authentication: the runtime account is the database
  # user, and the Cloud SQL connector logs in with its token. There is no
  # password to store, leak or rotate.
  env = {
    OLYMPUS_ENVIRONMENT = var.environment
    DB_INSTANCE         = module.database.connection_name
    DB_NAME             = module.database.database_name
    DB_USER             = module.database.user_name
    DB_IAM_AUTH         = "true"
  }

  depends_on = [google_project_service.apis]
}
