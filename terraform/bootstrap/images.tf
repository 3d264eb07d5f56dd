# Where the API's images come from, who may put them there, and which of
# them may run. All of it is here, not in the olympus root, so that:
#   - the first apply of the olympus root finds its image already pushed
#     (the repository exists before that apply, made by this bootstrap,
#     and the application's release workflow has pushed to it);
#   - no identity of this pipeline can push an image or vouch for one: the
#     apply identity only reads the repository, the rollback identity and
#     the plan identity not even that.
#
# Binary Authorization: every Cloud Run service of the olympus root uses
# the project's policy (binary_authorization { use_default = true } in
# modules/cloud-run-service), which admits only images that the release
# attestor vouches for. Cloud Run checks it on every change to a service,
# a traffic move included. An attestation is a signature, made with the
# KMS key below, over an image digest, and only the application's release
# workflow on main can make one.

locals {
  # The application's release workflow on main: the only one that may push
  # or attest images.
  app_release_workflow = "${var.app_repository}/${var.app_release_workflow}@refs/heads/main"

  # Tokens of that workflow only: its repository (by id), a push to main
  # or a run by hand on main, and that file as it is on main.
  app_release_condition = join(" && ", [
    "assertion.repository_id == '${var.app_repository_id}'",
    "assertion.event_name in ['push', 'workflow_dispatch']",
    "assertion.ref == 'refs/heads/main'",
    "assertion.workflow_ref == '${local.app_release_workflow}'",
  ])
}

# ---- the repository ----

resource "google_artifact_registry_repository" "images" {
  project       = var.project_id
  location      = var.region
  repository_id = "olympus"
  format        = "DOCKER"
  description   = "Olympus service images; pushed and attested by the application's release workflow, deployed by digest."
  labels        = local.labels

  lifecycle {
    prevent_destroy = true
  }

  depends_on = [google_project_service.apis]
}

# The repository's whole IAM policy: the release workflow's push identity
# writes; the apply identity reads (the olympus root looks the repository
# up); no one else is granted on it. Cloud Run pulls with its own service
# agent, which its project role allows.
data "google_iam_policy" "images" {
  binding {
    role    = "roles/artifactregistry.writer"
    members = [google_service_account.image_push.member]
  }
  binding {
    role    = "roles/artifactregistry.reader"
    members = [google_service_account.apply.member]
  }
}

resource "google_artifact_registry_repository_iam_policy" "images" {
  project     = var.project_id
  location    = google_artifact_registry_repository.images.location
  repository  = google_artifact_registry_repository.images.name
  policy_data = data.google_iam_policy.images.policy_data
}

# ---- image-push: the application's release workflow pushes images ----

resource "google_iam_workload_identity_pool" "image_push" {
  project                   = var.project_id
  workload_identity_pool_id = "github-image-push"
  display_name              = "GitHub image pushes"
  description               = "The release workflow of ${var.app_repository} on main (${var.environment})."

  depends_on = [google_project_service.apis]
}

resource "google_iam_workload_identity_pool_provider" "image_push" {
  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.image_push.workload_identity_pool_id
  workload_identity_pool_provider_id = "github"
  display_name                       = "GitHub Actions OIDC"
  attribute_mapping                  = local.attribute_mapping
  attribute_condition                = local.app_release_condition

  oidc {
    issuer_uri = local.issuer
  }
}

# Writes images into the repository above and nothing else: no project
# role. An image it pushes runs nowhere until the attestor below vouches
# for it.
resource "google_service_account" "image_push" {
  project      = var.project_id
  account_id   = "image-push"
  display_name = "Image push (application release workflow on main)"

  depends_on = [google_project_service.apis]
}

data "google_iam_policy" "image_push_identity" {
  binding {
    role    = "roles/iam.workloadIdentityUser"
    members = ["principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.image_push.name}/attribute.repository_id/${var.app_repository_id}"]
  }
}

resource "google_service_account_iam_policy" "image_push" {
  service_account_id = google_service_account.image_push.name
  policy_data        = data.google_iam_policy.image_push_identity.policy_data
}

# ---- image-attestor: the same workflow vouches for what it built ----

# Its own pool and account, so that the push credentials alone make no
# image deployable.
resource "google_iam_workload_identity_pool" "image_attestor" {
  project                   = var.project_id
  workload_identity_pool_id = "github-image-attestor"
  display_name              = "GitHub image attestations"
  description               = "The release workflow of ${var.app_repository} on main (${var.environment}), attesting the images it pushed."

  depends_on = [google_project_service.apis]
}

resource "google_iam_workload_identity_pool_provider" "image_attestor" {
  project                            = var.project_id
  workload_identity_pool_id          = google_iam_workload_identity_pool.image_attestor.workload_identity_pool_id
  workload_identity_pool_provider_id = "github"
  display_name                       = "GitHub Actions OIDC"
  attribute_mapping                  = local.attribute_mapping
  attribute_condition                = local.app_release_condition

  oidc {
    issuer_uri = local.issuer
  }
}

resource "google_service_account" "image_attestor" {
  project      = var.project_id
  account_id   = "image-attestor"
  display_name = "Image attestor (application release workflow on main)"

  depends_on = [google_project_service.apis]
}

data "google_iam_policy" "image_attestor_identity" {
  binding {
    role    = "roles/iam.workloadIdentityUser"
    members = ["principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.image_attestor.name}/attribute.repository_id/${var.app_repository_id}"]
  }
}

resource "google_service_account_iam_policy" "image_attestor" {
  service_account_id = google_service_account.image_attestor.name
  policy_data        = data.google_iam_policy.image_attestor_identity.policy_data
}

# An attestation is a Container Analysis occurrence; occurrences belong to
# the project (there is no narrower place to grant their creation).
resource "google_project_iam_member" "image_attestor" {
  project = var.project_id
  role    = "roles/containeranalysis.occurrences.editor"
  member  = google_service_account.image_attestor.member
}

# ---- the attestor and the policy ----

resource "google_kms_key_ring" "attestation" {
  project  = var.project_id
  name     = "olympus-attestation"
  location = var.region

  depends_on = [google_project_service.apis]
}

# Asymmetric signing keys cannot rotate by themselves; a new key version is
# a reviewed change here (add its public key to the attestor, then retire
# the old one).
#tfsec:ignore:google-kms-rotate-kms-keys Asymmetric signing keys have no automatic rotation
resource "google_kms_crypto_key" "attestation" {
  name     = "release-attestation"
  key_ring = google_kms_key_ring.attestation.id
  purpose  = "ASYMMETRIC_SIGN"

  version_template {
    algorithm = "EC_SIGN_P256_SHA256"
  }

  lifecycle {
    prevent_destroy = true
  }
}

data "google_kms_crypto_key_version" "attestation" {
  crypto_key = google_kms_crypto_key.attestation.id
}

# Signs with the key, and nothing else with it.
data "google_iam_policy" "attestation_key" {
  binding {
    role    = "roles/cloudkms.signerVerifier"
    members = [google_service_account.image_attestor.member]
  }
}

resource "google_kms_crypto_key_iam_policy" "attestation" {
  crypto_key_id = google_kms_crypto_key.attestation.id
  policy_data   = data.google_iam_policy.attestation_key.policy_data
}

resource "google_container_analysis_note" "release" {
  project = var.project_id
  name    = "olympus-release"

  attestation_authority {
    hint {
      human_readable_name = "Built and pushed by ${local.app_release_workflow}"
    }
  }

  depends_on = [google_project_service.apis]
}

data "google_project" "this" {
  project_id = var.project_id

  depends_on = [google_project_service.apis]
}

# The attestor identity attaches attestations to the note; Binary
# Authorization's own service agent reads them when Cloud Run asks.
data "google_iam_policy" "release_note" {
  binding {
    role    = "roles/containeranalysis.notes.attacher"
    members = [google_service_account.image_attestor.member]
  }
  binding {
    role    = "roles/containeranalysis.notes.occurrences.viewer"
    members = ["serviceAccount:service-${data.google_project.this.number}@gcp-sa-binaryauthorization.iam.gserviceaccount.com"]
  }
}

resource "google_container_analysis_note_iam_policy" "release" {
  project     = var.project_id
  note        = google_container_analysis_note.release.name
  policy_data = data.google_iam_policy.release_note.policy_data
}

resource "google_binary_authorization_attestor" "release" {
  project     = var.project_id
  name        = "olympus-release"
  description = "Images built and pushed by ${local.app_release_workflow}."

  attestation_authority_note {
    note_reference = google_container_analysis_note.release.name
    public_keys {
      id = data.google_kms_crypto_key_version.attestation.id
      pkix_public_key {
        public_key_pem      = data.google_kms_crypto_key_version.attestation.public_key[0].pem
        signature_algorithm = data.google_kms_crypto_key_version.attestation.public_key[0].algorithm
      }
    }
  }
}

# The release workflow reads the attestor to sign for it (gcloud container
# binauthz attestations sign-and-create).
data "google_iam_policy" "release_attestor" {
  binding {
    role    = "roles/binaryauthorization.attestorsViewer"
    members = [google_service_account.image_attestor.member]
  }
}

resource "google_binary_authorization_attestor_iam_policy" "release" {
  project     = var.project_id
  attestor    = google_binary_authorization_attestor.release.name
  policy_data = data.google_iam_policy.release_attestor.policy_data
}

# The project's policy, which every Cloud Run service of the olympus root
# uses: an image runs only with the release attestor's attestation. In
# dev (binary_authorization_enforcement = DRYRUN_AUDIT_LOG_ONLY) a
# violation is logged, not refused; staging and prod refuse it. Breakglass
# (a service's binary_authorization.breakglass_justification) deploys past
# it and is written to Cloud Audit Logs.
resource "google_binary_authorization_policy" "policy" {
  project                       = var.project_id
  description                   = "Olympus: images attested by the release workflow of ${var.app_repository} on main."
  global_policy_evaluation_mode = "ENABLE"

  default_admission_rule {
    evaluation_mode         = "REQUIRE_ATTESTATION"
    enforcement_mode        = var.binary_authorization_enforcement
    require_attestations_by = [google_binary_authorization_attestor.release.name]
  }
}
