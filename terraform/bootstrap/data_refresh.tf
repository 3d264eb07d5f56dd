# ---- data-refresh: a pre-production environment's copy of production ----
#
# The data-refresh workflow (.github/workflows/data-refresh.yml) runs in the
# TARGET's GitHub Environment (staging) as the target's data-refresh
# identity. It may:
#   - in the target's project: create a scratch instance, restore backups
#     into it and onto the target instance, back the scratch up, list
#     users and databases, create its IAM database users, log in to it,
#     and delete it; nothing outside Cloud SQL, and the writes only on the
#     target instance and its scratch instances (an IAM condition on the
#     instance's name);
#   - in production's project: read backup runs and instance metadata, to
#     restore a backup from there; nothing else. Production's bootstrap
#     grants that (data_refresh_readers), so production's owners decide
#     who reads its backups, and each bootstrap changes only its own
#     project.
#
# The variables name both sides once, for every environment: the refreshed
# environment's bootstrap (data_refresh_sources) makes the identity,
# production's (data_refresh_readers) lets it read the backups. A bootstrap
# named in neither makes nothing here. Custom roles: no
# predefined Cloud SQL role is this narrow (roles/cloudsql.admin would also
# let it change or delete any instance of the project).

variable "data_refresh_sources" {
  description = "Environment refreshed from production => production's project id, whose backups the environment's data-refresh identity restores. The bootstrap of an environment named here makes that identity. Never name production."
  type        = map(string)
  default     = { staging = "olympus-prod-9c3f" }

  validation {
    condition     = alltrue([for p in values(var.data_refresh_sources) : can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", p))])
    error_message = "data_refresh_sources maps environment names to GCP project ids."
  }
}

variable "data_refresh_readers" {
  description = "Production's environment => the emails of the data-refresh identities (data_refresh_service_account of the refreshed environments' bootstraps) that may read its backup runs."
  type        = map(list(string))
  default     = { prod = ["data-refresh@olympus-staging-4b2a.iam.gserviceaccount.com"] }

  validation {
    condition     = alltrue([for e in flatten(values(var.data_refresh_readers)) : can(regex("^data-refresh@[a-z][a-z0-9-]+\\.iam\\.gserviceaccount\\.com$", e))])
    error_message = "data_refresh_readers are data-refresh@<project>.iam.gserviceaccount.com emails."
  }
}

locals {
  data_refresh_source   = lookup(var.data_refresh_sources, var.environment, "")
  data_refresh_readers  = lookup(var.data_refresh_readers, var.environment, [])
  data_refresh          = local.data_refresh_source != "" && local.data_refresh_source != var.project_id
  data_refresh_workflow = "${var.github_repository}/.github/workflows/data-refresh.yml@refs/heads/main"

  # Only the data-refresh workflow on main, scheduled or started by hand,
  # in the GitHub Environment <env>.
  data_refresh_condition = join(" && ", [
    local.repository,
    "assertion.event_name in ['schedule', 'workflow_dispatch']",
    "assertion.ref == 'refs/heads/main'",
    "assertion.workflow_ref == '${local.data_refresh_workflow}'",
    "assertion.environment == '${var.environment}'",
  ])

  # The target instance is olympus-<env> (modules/cloud-sql); its scratch
  # instances are olympus-<env>-refresh-<run>.
  data_refresh_instances = "projects/${var.project_id}/instances/olympus-${var.environment}"
}

resource "google_iam_workload_identity_pool" "data_refresh" {
  count                     = local.data_refresh ? 1 : 0
  project                   = var.project_id
  workload_identity_pool_id = "github-data-refresh"
  display_name              = "GitHub data refreshes"
  description               = "The data-refresh workflow of ${var.github_repository} on main (${var.environment})."

  depends_on = [google_project_service.apis]
}

resource "google_iam_workload_identity_pool_provider" "data_refresh" {
  count                              = local.data_refresh ? 1 : 0
  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.data_refresh[0].workload_identity_pool_id
  workload_identity_pool_provider_id = "github"
  display_name                       = "GitHub Actions OIDC"
  attribute_mapping                  = local.attribute_mapping
  attribute_condition                = local.data_refresh_condition

  oidc {
    issuer_uri = local.issuer
  }
}

resource "google_service_account" "data_refresh" {
  count        = local.data_refresh ? 1 : 0
  project      = var.project_id
  account_id   = "data-refresh"
  display_name = "Data refresh from production (data-refresh workflow on main)"

  depends_on = [google_project_service.apis]
}

# Everything it does in the target's project, on the target instance and
# its scratch instances only (olympus-<env>...; the condition's form is
# sql-recover's: what is not an instance, the project's instance list, is
# not limited by it). Operations are read with cloudsql.instances.get.
resource "google_project_iam_custom_role" "data_refresh" {
  count       = local.data_refresh ? 1 : 0
  project     = var.project_id
  role_id     = "olympusDataRefresh"
  title       = "Olympus data refresh: scratch instance and restore"
  description = "Create, restore, back up, log in to and delete a scratch instance; restore the target. No IAM, nothing outside Cloud SQL."
  permissions = [
    "cloudsql.backupRuns.create",
    "cloudsql.backupRuns.get",
    "cloudsql.backupRuns.list",
    "cloudsql.databases.list",
    "cloudsql.instances.connect",
    "cloudsql.instances.create",
    "cloudsql.instances.delete",
    "cloudsql.instances.get",
    "cloudsql.instances.list",
    "cloudsql.instances.login",
    "cloudsql.instances.restoreBackup",
    "cloudsql.users.create",
    "cloudsql.users.list",
  ]

  depends_on = [google_project_service.apis]
}

resource "google_project_iam_member" "data_refresh" {
  count   = local.data_refresh ? 1 : 0
  project = var.project_id
  role    = google_project_iam_custom_role.data_refresh[0].id
  member  = google_service_account.data_refresh[0].member

  condition {
    title       = "olympus-target-and-scratch-only"
    description = "Only the target instance olympus-${var.environment} and its scratch instances."
    expression  = "resource.type != 'sqladmin.googleapis.com/Instance' || resource.name.startsWith('${local.data_refresh_instances}')"
  }

  depends_on = [google_project_service.apis]
}

data "google_iam_policy" "data_refresh_identity" {
  count = local.data_refresh ? 1 : 0
  binding {
    role    = "roles/iam.workloadIdentityUser"
    members = ["principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.data_refresh[0].name}/attribute.repository_id/${var.github_repository_id}"]
  }
}

resource "google_service_account_iam_policy" "data_refresh" {
  count              = local.data_refresh ? 1 : 0
  service_account_id = google_service_account.data_refresh[0].name
  policy_data        = data.google_iam_policy.data_refresh_identity[0].policy_data
}

# ---- in production's bootstrap: who reads its backups ----

resource "google_project_iam_custom_role" "data_refresh_backup_reader" {
  count       = length(local.data_refresh_readers) > 0 ? 1 : 0
  project     = var.project_id
  role_id     = "olympusBackupReader"
  title       = "Olympus data refresh: read backups"
  description = "Read Cloud SQL backup runs and instance metadata, to restore a backup in another project. No data, no change."
  permissions = ["cloudsql.backupRuns.get", "cloudsql.backupRuns.list", "cloudsql.instances.get"]

  depends_on = [google_project_service.apis]
}

resource "google_project_iam_member" "data_refresh_backup_reader" {
  for_each = toset(local.data_refresh_readers)
  project  = var.project_id
  role     = google_project_iam_custom_role.data_refresh_backup_reader[0].id
  member   = "serviceAccount:${each.value}"

  depends_on = [google_project_service.apis]
}

output "data_refresh_service_account" {
  description = "Email of the data-refresh identity (empty where none is made): put it in production's data_refresh_readers."
  value       = local.data_refresh ? google_service_account.data_refresh[0].email : ""
}

# Merged by README.md's "GitHub Environment variables" with
# github_environment_variables (outputs.tf).
output "data_refresh_environment_variables" {
  description = "The variables of the GitHub Environment that data-refresh.yml reads, where this bootstrap makes the identity."
  value = {
    (var.environment) = {
      DATA_REFRESH_SOURCE_PROJECT  = local.data_refresh_source
      DATA_REFRESH_WIF_PROVIDER    = local.data_refresh ? google_iam_workload_identity_pool_provider.data_refresh[0].name : ""
      DATA_REFRESH_SERVICE_ACCOUNT = local.data_refresh ? google_service_account.data_refresh[0].email : ""
    }
  }
}
