environment = "prod"
project_id  = "olympus-prod-9c3f"
region      = "us-central1"

api_image         = "us-central1-docker.pkg.dev/olympus-prod-9c3f/olympus/olympus-api@sha256:4b7ce07002c69e8f3d704a9c5d6fd3053be500b7f1c69fc0d80990c2ad8dd412"
api_min_instances = 2
api_max_instances = 50
api_cpu           = "2"
api_memory        = "2Gi"
# Internal ingress: callers are named here, one by one (none yet).
api_invokers = []

sql_tier                     = "db-custom-4-15360"
sql_disk_size_gb             = 200
sql_disk_autoresize_limit_gb = 2000
sql_availability_type        = "REGIONAL"
sql_backup_retention_count   = 30
sql_log_retention_days       = 7
sql_maintenance_update_track = "stable"
