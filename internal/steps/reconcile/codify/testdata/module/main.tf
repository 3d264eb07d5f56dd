# Fixture of the codify locator: one way of setting a value per attribute.

locals {
  tier  = "db-f1-micro"
  loop1 = local.loop2
  loop2 = local.loop1
}

resource "localcloud_service" "api" {
  name  = "olympus-api-${var.environment}"
  image = "api:v1"

  env = {
    LOG_LEVEL = var.log_level
    REGION    = var.region
    API_KEY   = var.api_key
    LOOP      = local.loop1
  }
}

resource "localcloud_sql_instance" "db" {
  name = "olympus-db"
  tier = local.tier
}

module "worker" {
  source = "./modules/worker"
  image  = "worker:v3"
}

module "external" {
  source  = "registry.example.com/olympus/thing/google"
  version = "1.0.0"
}
