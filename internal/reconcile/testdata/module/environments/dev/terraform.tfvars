environment         = "dev"
log_level           = "debug"
sql_tier            = "db-f1-micro"
pitr_enabled        = false
retention_days      = 1
deletion_protection = false
