environment = "dev"
log_level   = "debug"
