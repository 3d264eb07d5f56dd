# tflint configuration of the local example: the repository defaults, less
# one rule.
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "olympus" {
  enabled = true
}

# The local example keeps its state on disk (backend "local", one path per
# environment) so it runs without a cloud account; Olympus's real
# configuration in terraform/ uses gcs and keeps this rule.
rule "olympus_backend_per_environment" {
  enabled = false
}
