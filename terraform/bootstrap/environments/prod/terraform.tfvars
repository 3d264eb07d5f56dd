environment          = "prod"
project_id           = "olympus-prod-9c3f"
region               = "us-central1"
github_repository_id = "812345678"
github_repository    = "olympus-cloud/deploy-actions"
apply_event          = "workflow_dispatch"
plan_pull_requests   = false

# The application whose release workflow pushes and attests images.
app_repository_id = "812345679"
app_repository    = "olympus-cloud/olympus-api"
# Unattested images: refused (ENFORCED_BLOCK_AND_AUDIT_LOG) or only logged (DRYRUN_AUDIT_LOG_ONLY).
binary_authorization_enforcement = "ENFORCED_BLOCK_AND_AUDIT_LOG"
