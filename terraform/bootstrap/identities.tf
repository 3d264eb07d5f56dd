# Who can become which identity. Each CI identity has its own workload
# identity pool, whose one provider accepts only the GitHub tokens that
# meet every clause of its attribute condition; the identity trusts only
# that pool. A token good for the plan pool is worth nothing in the apply
# pool. There are no service account keys anywhere.
#
# Each identity is written out (no for_each, no module) so that a reviewer,
# and the olympus_wif_apply_restricted lint, see each binding next to the
# pool and the condition it trusts. README.md's identity table is checked
# against this file by internal/tests/infra (TestREADMETablesMatchTheCode).

locals {
  issuer = "https://token.actions.githubusercontent.com"

  # Only our repository, by its numeric id: a repository renamed,
  # deleted or re-created under the same name gets a new id and no access.
  repository = "assertion.repository_id == '${var.github_repository_id}'"

  # workflow_ref names the workflow file and the ref it was read from, so
  # it proves which reviewed code asked for the token.
  deploy_workflow      = "${var.github_repository}/.github/workflows/deploy-infrastructure.yml@refs/heads/main"
  drift_workflow       = "${var.github_repository}/.github/workflows/drift.yml@refs/heads/main"
  rollback_workflow    = "${var.github_repository}/.github/workflows/rollback.yml@refs/heads/main"
  sql_recover_workflow = "${var.github_repository}/.github/workflows/sql-recover.yml@refs/heads/main"

  conditions = {
    # Plans, in the GitHub Environment <env>-plan, which has no reviewers
    # (a plan never waits for prod's approval): the plan job that runs
    # before a dispatched deploy's approval (deploy-infrastructure.yml),
    # drift checks (drift.yml, scheduled or by hand) and, where
    # plan_pull_requests is true, pull requests' plans. With pull requests
    # on (dev, staging), the branch's own code may run it: any branch
    # already can, through a pull request, so dispatch and schedule from any
    # ref add nobody. With them off (prod), only the deploy and drift
    # workflows as they are on main can, so no branch can become prod's
    # plan identity.
    plan = join(" && ", concat(
      [local.repository],
      var.plan_pull_requests ? [
        "assertion.event_name in ['pull_request', 'workflow_dispatch', 'schedule']",
        ] : [
        "assertion.event_name in ['workflow_dispatch', 'schedule']",
        "assertion.ref == 'refs/heads/main'",
        "assertion.workflow_ref in ['${local.deploy_workflow}', '${local.drift_workflow}']",
      ],
      ["assertion.environment == '${var.environment}-plan'"],
    ))
    # Applies: only the deploy workflow as it is on main, started by
    # apply_event on main, in the GitHub Environment <env> (for prod,
    # after its required reviewers approve). A branch, a pull request or
    # another workflow gets nothing, whatever environment it declares.
    apply = join(" && ", [
      local.repository,
      "assertion.event_name == '${var.apply_event}'",
      "assertion.ref == 'refs/heads/main'",
      "assertion.workflow_ref == '${local.deploy_workflow}'",
      "assertion.environment == '${var.environment}'",
    ])
    # Traffic rollbacks: only the rollback workflow on main, started by
    # hand, in the GitHub Environment <env>.
    rollback = join(" && ", [
      local.repository,
      "assertion.event_name == 'workflow_dispatch'",
      "assertion.ref == 'refs/heads/main'",
      "assertion.workflow_ref == '${local.rollback_workflow}'",
      "assertion.environment == '${var.environment}'",
    ])
    # Data recoveries: only the sql-recover workflow on main, started by
    # hand, in the GitHub Environment <env> (for prod, after its required
    # reviewers approve).
    sql_recover = join(" && ", [
      local.repository,
      "assertion.event_name == 'workflow_dispatch'",
      "assertion.ref == 'refs/heads/main'",
      "assertion.workflow_ref == '${local.sql_recover_workflow}'",
      "assertion.environment == '${var.environment}'",
    ])
  }

  # Mapped claims appear in the audit log's principal of every exchange.
  attribute_mapping = {
    "google.subject"          = "assertion.sub"
    "attribute.repository_id" = "assertion.repository_id"
    "attribute.event_name"    = "assertion.event_name"
    "attribute.ref"           = "assertion.ref"
    "attribute.workflow_ref"  = "assertion.workflow_ref"
  }

  # The only roles the olympus root grants at project level (to the API's
  # runtime account, for IAM database authentication). The apply identity
  # may grant and revoke these and nothing else.
  managed_project_roles = ["roles/cloudsql.client", "roles/cloudsql.instanceUser"]

  # What a refresh of the olympus root (one directory up, and its modules)
  # reads, and nothing else: for each resource and data source type it
  # declares, the permissions of the API method the provider's read calls.
  # internal/tests/infra derives the same list from its table of types and
  # fails when the two differ, or when a new type has no entry
  # (terraform/README.md, "The plan identity's role"). No export, import,
  # secret access or object read: the plan identity can look at every
  # resource and copy no data out of any.
  plan_read_permissions = [
    "artifactregistry.repositories.get",     # data google_artifact_registry_repository
    "cloudsql.databases.get",                # google_sql_database
    "cloudsql.instances.get",                # google_sql_database_instance, google_sql_user
    "cloudsql.users.list",                   # google_sql_user
    "compute.globalAddresses.get",           # google_compute_global_address
    "compute.networks.get",                  # google_compute_network
    "compute.subnetworks.get",               # google_compute_subnetwork
    "resourcemanager.projects.get",          # google_project_service, google_service_networking_connection
    "resourcemanager.projects.getIamPolicy", # google_project_iam_member
    "run.services.get",                      # google_cloud_run_v2_service
    "run.services.getIamPolicy",             # google_cloud_run_v2_service_iam_policy
    "servicenetworking.services.get",        # google_service_networking_connection
    "serviceusage.services.list",            # google_project_service
  ]

  # The Cloud SQL instances sql-recover may read and clone: the olympus
  # root's (olympus-<env>) and the clones made from it.
  sql_instance_prefix = "olympus-"
}

# ---- plan: reads, for plans and drift checks ----

resource "google_iam_workload_identity_pool" "plan" {
  project                   = var.project_id
  workload_identity_pool_id = "github-plan"
  display_name              = "GitHub plans"
  description               = "Pull request plans of ${var.github_repository} (${var.environment}); read-only."

  depends_on = [google_project_service.apis]
}

resource "google_iam_workload_identity_pool_provider" "plan" {
  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.plan.workload_identity_pool_id
  workload_identity_pool_provider_id = "github"
  display_name                       = "GitHub Actions OIDC"
  attribute_mapping                  = local.attribute_mapping
  attribute_condition                = local.conditions.plan

  oidc {
    issuer_uri = local.issuer
  }
}

resource "google_service_account" "plan" {
  project      = var.project_id
  account_id   = "terraform-plan"
  display_name = "Terraform plan (read-only)"

  depends_on = [google_project_service.apis]
}

# Reads every resource and IAM policy the plan refreshes, and no data:
# not roles/viewer, which holds cloudsql.instances.export (any branch that
# can become this identity could copy the production database to a bucket
# of its own), nor any secret (the plan reads none: the database needs no
# password).
resource "google_project_iam_custom_role" "plan" {
  project     = var.project_id
  role_id     = "olympusPlanReader"
  title       = "Olympus plan reader"
  description = "What a refresh of the olympus root reads; no export, import, secret or object read."
  permissions = local.plan_read_permissions

  depends_on = [google_project_service.apis]
}

resource "google_project_iam_member" "plan" {
  project = var.project_id
  role    = google_project_iam_custom_role.plan.id
  member  = google_service_account.plan.member
}

data "google_iam_policy" "plan_identity" {
  binding {
    role    = "roles/iam.workloadIdentityUser"
    members = ["principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.plan.name}/attribute.repository_id/${var.github_repository_id}"]
  }
}

# Authoritative: nobody else can become terraform-plan, and a hand-made
# grant is undone by the next bootstrap apply.
resource "google_service_account_iam_policy" "plan" {
  service_account_id = google_service_account.plan.name
  policy_data        = data.google_iam_policy.plan_identity.policy_data
}

# ---- apply: the deploy workflow on main ----

resource "google_iam_workload_identity_pool" "apply" {
  project                   = var.project_id
  workload_identity_pool_id = "github-apply"
  display_name              = "GitHub applies"
  description               = "The deploy workflow of ${var.github_repository} on main (${var.environment})."

  depends_on = [google_project_service.apis]
}

resource "google_iam_workload_identity_pool_provider" "apply" {
  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.apply.workload_identity_pool_id
  workload_identity_pool_provider_id = "github"
  display_name                       = "GitHub Actions OIDC"
  attribute_mapping                  = local.attribute_mapping
  attribute_condition                = local.conditions.apply

  oidc {
    issuer_uri = local.issuer
  }
}

resource "google_service_account" "apply" {
  project      = var.project_id
  account_id   = "terraform-apply"
  display_name = "Terraform apply (deploy workflow on main)"

  depends_on = [google_project_service.apis]
}

# The admin roles of what the olympus root manages, not owner or editor.
# It cannot touch this bootstrap: no pool, service account, custom role,
# Artifact Registry repository, Binary Authorization policy or state bucket
# IAM, and it acts only as the API's runtime account (below). It reads the
# image repository (images.tf) and pushes nothing.
resource "google_project_iam_member" "apply" {
  for_each = toset([
    "roles/cloudsql.admin",
    "roles/compute.networkAdmin",
    "roles/run.admin",
    "roles/servicenetworking.networksAdmin",
    "roles/serviceusage.serviceUsageAdmin",
  ])
  project = var.project_id
  role    = each.value
  member  = google_service_account.apply.member
}

# Project IAM admin, limited by an IAM condition to granting and revoking
# the roles the olympus root manages: it cannot grant itself (or anyone)
# owner, editor, or any role that controls identities. Reading the
# policy modifies no grant, so refreshes work.
resource "google_project_iam_member" "apply_iam_admin" {
  project = var.project_id
  role    = "roles/resourcemanager.projectIamAdmin"
  member  = google_service_account.apply.member

  condition {
    title       = "olympus-managed-roles-only"
    description = "May grant and revoke only the project roles the olympus root manages."
    expression  = "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${join(", ", formatlist("'%s'", local.managed_project_roles))}])"
  }
}

data "google_iam_policy" "apply_identity" {
  binding {
    role    = "roles/iam.workloadIdentityUser"
    members = ["principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.apply.name}/attribute.repository_id/${var.github_repository_id}"]
  }
}

resource "google_service_account_iam_policy" "apply" {
  service_account_id = google_service_account.apply.name
  policy_data        = data.google_iam_policy.apply_identity.policy_data
}

# ---- rollback: moves traffic of the API, nothing else ----

resource "google_iam_workload_identity_pool" "rollback" {
  project                   = var.project_id
  workload_identity_pool_id = "github-rollback"
  display_name              = "GitHub traffic rollbacks"
  description               = "The rollback workflow of ${var.github_repository} on main (${var.environment})."

  depends_on = [google_project_service.apis]
}

resource "google_iam_workload_identity_pool_provider" "rollback" {
  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.rollback.workload_identity_pool_id
  workload_identity_pool_provider_id = "github"
  display_name                       = "GitHub Actions OIDC"
  attribute_mapping                  = local.attribute_mapping
  attribute_condition                = local.conditions.rollback

  oidc {
    issuer_uri = local.issuer
  }
}

resource "google_service_account" "rollback" {
  project      = var.project_id
  account_id   = "traffic-rollback"
  display_name = "Traffic rollback (rollback workflow on main)"

  depends_on = [google_project_service.apis]
}

# Read-only at project level: the revision list and the operation the
# traffic update returns.
resource "google_project_iam_member" "rollback" {
  project = var.project_id
  role    = "roles/run.viewer"
  member  = google_service_account.rollback.member
}

# What olympus traffic-rollback sends: it reads the service and updates it
# (update mask traffic,annotations). Granted on the API service only, by
# the olympus root (modules/cloud-run-service, traffic_role), not
# roles/run.developer, which could also delete it. Cloud Run has no
# permission narrower than update for traffic, so the update could change
# the image too: Binary Authorization (images.tf) refuses an image that no
# release attestation vouches for, and any other change shows as drift.
resource "google_project_iam_custom_role" "rollback" {
  project     = var.project_id
  role_id     = "olympusTrafficRollback"
  title       = "Olympus traffic rollback"
  description = "Read a Cloud Run service and move its traffic; granted on one service."
  permissions = ["run.services.get", "run.services.update"]

  depends_on = [google_project_service.apis]
}

data "google_iam_policy" "rollback_identity" {
  binding {
    role    = "roles/iam.workloadIdentityUser"
    members = ["principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.rollback.name}/attribute.repository_id/${var.github_repository_id}"]
  }
}

resource "google_service_account_iam_policy" "rollback" {
  service_account_id = google_service_account.rollback.name
  policy_data        = data.google_iam_policy.rollback_identity.policy_data
}

# ---- sql-recover: clones Cloud SQL instances to a point in time ----

resource "google_iam_workload_identity_pool" "sql_recover" {
  project                   = var.project_id
  workload_identity_pool_id = "github-sql-recover"
  display_name              = "GitHub data recoveries"
  description               = "The sql-recover workflow of ${var.github_repository} on main (${var.environment})."

  depends_on = [google_project_service.apis]
}

resource "google_iam_workload_identity_pool_provider" "sql_recover" {
  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.sql_recover.workload_identity_pool_id
  workload_identity_pool_provider_id = "github"
  display_name                       = "GitHub Actions OIDC"
  attribute_mapping                  = local.attribute_mapping
  attribute_condition                = local.conditions.sql_recover

  oidc {
    issuer_uri = local.issuer
  }
}

resource "google_service_account" "sql_recover" {
  project      = var.project_id
  account_id   = "sql-recover"
  display_name = "Cloud SQL recovery (sql-recover workflow on main)"

  depends_on = [google_project_service.apis]
}

# olympus sql-recover reads instances (instances.get, and .list in check
# mode), their recovery window (getLatestRecoveryTime, which is
# cloudsql.instances.get), clones one (instances.clone) and follows the
# operation (operations.get is cloudsql.instances.get, operations.list is
# cloudsql.instances.list: Cloud SQL has no operation permissions of its
# own). Not roles/cloudsql.admin, which could also export, import, delete
# and restore over instances.
resource "google_project_iam_custom_role" "sql_recover" {
  project     = var.project_id
  role_id     = "olympusSqlRecover"
  title       = "Olympus Cloud SQL recovery"
  description = "Read Cloud SQL instances and clone one to a point in time; no export, import, delete or restore."
  permissions = ["cloudsql.instances.clone", "cloudsql.instances.get", "cloudsql.instances.list"]

  depends_on = [google_project_service.apis]
}

# Only the olympus instances: a check on an instance (get, clone) passes
# for names starting with sql_instance_prefix; the project-level checks
# (list, and an operation's get) are not on an instance and pass.
resource "google_project_iam_member" "sql_recover" {
  project = var.project_id
  role    = google_project_iam_custom_role.sql_recover.id
  member  = google_service_account.sql_recover.member

  condition {
    title       = "olympus-instances-only"
    description = "Cloud SQL instances whose name starts with ${local.sql_instance_prefix}."
    expression  = "resource.type != 'sqladmin.googleapis.com/Instance' || resource.name.startsWith('projects/${var.project_id}/instances/${local.sql_instance_prefix}')"
  }
}

data "google_iam_policy" "sql_recover_identity" {
  binding {
    role    = "roles/iam.workloadIdentityUser"
    members = ["principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.sql_recover.name}/attribute.repository_id/${var.github_repository_id}"]
  }
}

resource "google_service_account_iam_policy" "sql_recover" {
  service_account_id = google_service_account.sql_recover.name
  policy_data        = data.google_iam_policy.sql_recover_identity.policy_data
}

# ---- runtime: what the olympus-api service runs as ----

# Its roles (Cloud SQL client and IAM database user) are granted by the
# olympus root next to the database they open.
resource "google_service_account" "runtime" {
  project      = var.project_id
  account_id   = "olympus-api-run"
  display_name = "olympus-api runtime"

  depends_on = [google_project_service.apis]
}

# Cloud Run checks actAs on the service's identity for every change to
# the service: deploys (apply) and traffic moves (rollback).
data "google_iam_policy" "runtime_identity" {
  binding {
    role    = "roles/iam.serviceAccountUser"
    members = [google_service_account.apply.member, google_service_account.rollback.member]
  }
}

resource "google_service_account_iam_policy" "runtime" {
  service_account_id = google_service_account.runtime.name
  policy_data        = data.google_iam_policy.runtime_identity.policy_data
}
