environment         = "staging"
sql_tier            = "db-custom-1-3840"
pitr_enabled        = true
retention_days      = 7
deletion_protection = true
