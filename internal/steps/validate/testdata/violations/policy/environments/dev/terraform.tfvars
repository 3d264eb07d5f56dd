environment  = "dev"
pitr_enabled = false
