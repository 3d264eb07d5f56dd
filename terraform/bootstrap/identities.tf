# Who can become which identity. Each CI identity has its own workload
# identity pool, whose one provider accepts only the GitHub tokens that
# meet every clause of its attribute condition; the identity trusts only
# that pool. A token good for the plan pool is worth nothing in the apply
# pool. There are no service account keys anywhere.
#
# Each identity is written out (no for_each, no module) so that a reviewer,
# and the olympus_wif_apply_restricted lint, see each binding next to the
# pool and the condition it trusts. README.md's identity table is checked
# against this file by internal/infra (TestREADMETablesMatchTheCode).

locals {
  issuer = "https://token.actions.githubusercontent.com"

  # Only our repository, by its numeric id: a repository renamed,
  # deleted or re-created under the same name gets a new id and no access.
  repository = "assertion.repository_id == '${var.github_repository_id}'"

  # workflow_ref names the workflow file and the ref it was read from, so
  # it proves which reviewed code asked for the token.
  deploy_workflow      = "${var.github_repository}/.github/workflows/deploy-infrastructure.yml@refs/heads/main"
  rollback_workflow    = "${var.github_repository}/.github/workflows/rollback.yml@refs/heads/main"
  sql_recover_workflow = "${var.github_repository}/.github/workflows/sql-recover.yml@refs/heads/main"

  conditions = {
    # Plans, in the GitHub Environment <env>-plan, which has no reviewers
    # (a plan never waits for prod's approval): pull requests'
    # (deploy-infrastructure.yml), the plan job that runs before a
    # dispatched deploy's approval (deploy-infrastructure.yml), and drift
    # checks (drift.yml, scheduled or by hand). Read-only, so the
    # branch's own code may run it: any branch already can, through a pull
    # request, so dispatch and schedule from any ref add nobody.
    plan = join(" && ", [
      local.repository,
      "assertion.event_name in ['pull_request', 'workflow_dispatch', 'schedule']",
      "assertion.environment == '${var.environment}-plan'",
    ])
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
}

# ---- plan: read-only, for pull requests ----

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
  display_name = "Terraform plan (pull requests, read-only)"
}

# Reads every resource and IAM policy the plan refreshes. Not a single
# secret: roles/viewer has no secretmanager.versions.access, and the plan
# reads no secret (the database needs no password).
resource "google_project_iam_member" "plan" {
  for_each = toset(["roles/viewer", "roles/iam.securityReviewer"])
  project  = var.project_id
  role     = each.value
  member   = google_service_account.plan.member
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
}

# The admin roles of what the olympus root manages, not owner or editor.
# It cannot touch this bootstrap: no pool, service account or state bucket
# IAM, and it acts only as the API's runtime account (below).
resource "google_project_iam_member" "apply" {
  for_each = toset([
    "roles/artifactregistry.admin",
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
}

# Read-only at project level: the revision list and the operation the
# traffic update returns. run.developer is granted on the API service
# only, by the olympus root (modules/cloud-run-service).
resource "google_project_iam_member" "rollback" {
  project = var.project_id
  role    = "roles/run.viewer"
  member  = google_service_account.rollback.member
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
}

# olympus sql-recover reads instances (instances.get and .list, the latter
# in check mode), their recovery window (getLatestRecoveryTime), clones one
# (instances.clone) and follows the operation (operations.get, .list).
# cloudsql.instances.clone is in no predefined Cloud SQL role below
# roles/cloudsql.admin: roles/cloudsql.editor has get, list and update but
# neither clone nor create. So this is cloudsql.admin, which also lets it
# create, delete, import into and restore over instances and manage their
# users and databases (and bundles Backup and DR for Cloud SQL, KMS Autokey
# key handles, recommendations); no IAM, no state, and it acts as no
# service account. Only the reviewed workflow on main, in the Environment
# (prod's reviewers), can become it.
resource "google_project_iam_member" "sql_recover" {
  project = var.project_id
  role    = "roles/cloudsql.admin"
  member  = google_service_account.sql_recover.member
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
