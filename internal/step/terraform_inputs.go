package step

// Inputs the Terraform steps share, defined once so their names, defaults
// and descriptions cannot drift apart between steps.
var (
	WorkingDirectory = Input{Name: "working-directory", Default: ".",
		Description: "Directory of the Terraform root module, relative to the workspace."}
	LockTimeout = Input{Name: "lock-timeout", Default: "5m", Validate: Duration,
		Description: "How long terraform waits for the state lock, as a duration (30s, 5m)."}
	TerraformPath = Input{Name: "terraform-path",
		Description: "Path to the terraform binary (>= 1.5). Default: terraform on PATH."}
)
