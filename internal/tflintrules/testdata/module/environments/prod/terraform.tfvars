environment    = "prod"
retention_days = 3
