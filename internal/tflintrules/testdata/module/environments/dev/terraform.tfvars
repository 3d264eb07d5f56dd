environment    = "dev"
retention_days = 1
