environment          = "dev"
project_id           = "olympus-dev-7d1e"
region               = "us-central1"
github_repository_id = "812345678"
github_repository    = "olympus-cloud/deploy-actions"
apply_event          = "push"
plan_pull_requests   = true

# The application whose release workflow pushes and attests images.
app_repository_id = "812345679"
app_repository    = "olympus-cloud/olympus-api"
# Unattested images: refused (ENFORCED_BLOCK_AND_AUDIT_LOG) or only logged (DRYRUN_AUDIT_LOG_ONLY).
binary_authorization_enforcement = "DRYRUN_AUDIT_LOG_ONLY"
