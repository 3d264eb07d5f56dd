environment = "dev"
project_id  = "olympus-dev-7d1e"
region      = "us-central1"

api_image         = "us-central1-docker.pkg.dev/olympus-dev-7d1e/olympus/olympus-api@sha256:4b7ce07002c69e8f3d704a9c5d6fd3053be500b7f1c69fc0d80990c2ad8dd412"
api_min_instances = 0
api_max_instances = 3
api_cpu           = "1"
api_memory        = "512Mi"
# Internal ingress: callers are named here, one by one (none yet).
api_invokers = []

sql_tier                     = "db-custom-1-3840"
sql_disk_size_gb             = 20
sql_disk_autoresize_limit_gb = 100
sql_availability_type        = "ZONAL"
sql_backup_retention_count   = 3
sql_log_retention_days       = 1
sql_maintenance_update_track = "canary"
