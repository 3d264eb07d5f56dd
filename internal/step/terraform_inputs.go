package step

import (
	"fmt"
	"strings"

	"github.com/hashicorp/go-version"
)

// Inputs the Terraform steps share, defined once so their names, defaults
// and descriptions cannot drift apart between steps.
var (
	WorkingDirectory = Input{Name: "working-directory", Default: ".",
		Description: "Directory of the Terraform root module, relative to the workspace."}
	LockTimeout = Input{Name: "lock-timeout", Default: "5m", Validate: Duration,
		Description: "How long terraform waits for the state lock, as a duration (30s, 5m)."}
	TerraformVersion = Input{Name: "terraform-version", Validate: terraformVersion,
		Description: "Terraform version to run: exact (1.11.4) or constraints (~> 1.11.0). Default: the exact pin in .terraform-version or .tool-versions (the working directory or a parent), " +
			"else required_version of the root module: the image's terraform when it satisfies it, else the newest release that does. Installed releases are verified and cached under $HOME/.cache/olympus."}
	TerraformPath = Input{Name: "terraform-path",
		Description: "Path to a terraform binary (>= 1.5) to run as is, instead of choosing a version. Inside the action's container only the workspace and /github/home are visible: " +
			"a terraform set up on the runner is not, so use terraform-version. Default: chosen by terraform-version."}
)

// GitHubToken is the token input of a step that calls the GitHub API; what
// it is for and the permission it needs go into its description.
func GitHubToken(use string) Input {
	return Input{Name: "github-token", ActionDefault: "${{ github.token }}", Secret: true, Description: use}
}

// terraformVersion accepts what tfinstall.ParseInput does; it is checked
// here too so that a bad value fails before anything runs.
func terraformVersion(v string) error {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "v"))
	if _, err := version.NewConstraint(v); err != nil {
		return fmt.Errorf("give an exact version (1.11.4) or constraints (~> 1.11.0, >= 1.9, < 2.0)")
	}
	return nil
}
