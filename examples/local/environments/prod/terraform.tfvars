environment         = "prod"
sql_tier            = "db-custom-2-7680"
pitr_enabled        = true
retention_days      = 7
deletion_protection = true
