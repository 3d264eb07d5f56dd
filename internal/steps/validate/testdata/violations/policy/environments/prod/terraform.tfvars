environment  = "prod"
pitr_enabled = false
