# tflint configuration of this repository: the bundled terraform ruleset's
# recommended preset and the Olympus ruleset (docs/tflint-rules.md).
# olympus validate uses it for every root module under the workspace.
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
