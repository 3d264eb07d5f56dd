# A root module whose values attack the log: hostile text that tries to
# stop the runner's commands, and secrets in every shape a plan can hold
# them. Used by the trust tests only.

terraform {
  required_version = ">= 1.5"
  required_providers {
    localcloud = {
      source  = "olympus/localcloud"
      version = "0.1.0"
    }
  }
  backend "local" {}
}

provider "localcloud" {
  root = "${path.root}/.localcloud/${var.environment}"
}

variable "environment" {
  type = string
}

# Hostile text that is not a secret: it is printed, and must stay inert.
variable "label" {
  type = string
}

variable "api_key" {
  type      = string
  sensitive = true
}

# Not marked sensitive: only its key names it a secret.
variable "db_password" {
  type = string
}

variable "admin_password" {
  type      = string
  sensitive = true
}

variable "pin" {
  type      = number
  sensitive = true
}

variable "html_secret" {
  type      = string
  sensitive = true
}

variable "multi_line" {
  type      = string
  sensitive = true
}

resource "localcloud_service" "api" {
  name  = "hostile-${var.environment}"
  image = "us-docker.pkg.dev/olympus/api/olympus-api@sha256:0000000000000000000000000000000000000000000000000000000000000001"
  env = {
    LABEL   = var.label
    API_KEY = var.api_key
    PIN     = tostring(var.pin)
    HTML    = var.html_secret
    MULTI   = var.multi_line
    # Secret by its name only: terraform prints it, and a change by hand
    # too, in clear.
    DB_PASSWORD = var.db_password
  }
}

output "label" {
  value = var.label
}

# A secret-named key inside an object that nothing marks sensitive.
output "db" {
  value = {
    host     = "db.internal"
    name     = "app"
    password = var.db_password
  }
}

# nonsensitive() under a secret name: still a secret.
output "admin_password" {
  value = nonsensitive(var.admin_password)
}

output "service_revision" {
  value = localcloud_service.api.revision
}

# A sensitive bool and a short number: too short to be secrets, they are
# redacted in renderings but never masked, or every "true" of the job
# (has-changes included) would read ***.
output "tls" {
  value     = { require_ssl = true, port = 5432 }
  sensitive = true
}

# A secret inside an ordinary value: terraform-outputs carries it as JSON,
# where json.Marshal writes < > & as \u003c \u003e \u0026.
output "connection" {
  value = { url = "db://app:${nonsensitive(var.html_secret)}@db.internal" }
}

# Sensitive values made printable under names that say nothing: terraform
# prints them in clear, so only our redactor stands between them and the
# log.
output "echo" {
  value = {
    key  = nonsensitive(var.api_key)
    pin  = nonsensitive(var.pin)
    text = nonsensitive(var.multi_line)
  }
}
