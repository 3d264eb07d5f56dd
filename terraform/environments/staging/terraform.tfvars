environment = "staging"
project_id  = "olympus-staging-4b2a"
region      = "us-central1"

api_image         = "us-central1-docker.pkg.dev/olympus-staging-4b2a/olympus/olympus-api@sha256:4b7ce07002c69e8f3d704a9c5d6fd3053be500b7f1c69fc0d80990c2ad8dd412"
api_min_instances = 1
api_max_instances = 10
api_cpu           = "2"
api_memory        = "1Gi"
# Internal ingress: callers are named here, one by one (none yet).
api_invokers = []

sql_tier                     = "db-custom-2-7680"
sql_disk_size_gb             = 50
sql_disk_autoresize_limit_gb = 500
sql_availability_type        = "REGIONAL"
sql_backup_retention_count   = 14
sql_log_retention_days       = 7
sql_maintenance_update_track = "canary"
