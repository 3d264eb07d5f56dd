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

// GitHubToken is the token input of a step that calls the GitHub API; what
// it is for and the permission it needs go into its description.
func GitHubToken(use string) Input {
	return Input{Name: "github-token", ActionDefault: "${{ github.token }}", Secret: true, Description: use}
}
