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
	EngineInput = Input{Name: "engine", Validate: engine,
		Description: "The engine that runs the root module: terraform or tofu (OpenTofu). Default: tofu when the nearest version pin (the working directory or a parent) is .opentofu-version " +
			"or an opentofu line in .tool-versions, else terraform."}
	TerraformVersion = Input{Name: "terraform-version", Validate: terraformVersion,
		Description: "Version of the engine to run (terraform's, or tofu's with engine tofu): exact (1.11.4) or constraints (~> 1.11.0). Default: the exact pin in .terraform-version " +
			"(.opentofu-version for tofu) or .tool-versions (the working directory or a parent), else required_version of the root module: the image's terraform (or the tofu on PATH) " +
			"when it satisfies it, else the newest release that does. Installed releases are verified against their publisher's signed checksums and cached under $HOME/.cache/olympus; " +
			"a cached binary is checked against the sha256 recorded at install before it runs."}
	TerraformPath = Input{Name: "terraform-path",
		Description: "Path to a terraform (>= 1.5) or tofu binary to run as is, instead of choosing a version. Inside the action's container only the workspace and /github/home are visible: " +
			"a terraform set up on the runner is not, so use terraform-version. Default: chosen by engine and terraform-version."}
)

// GitHubToken is the token input of a step that calls the GitHub API; what
// it is for and the permission it needs go into its description.
func GitHubToken(use string) Input {
	return Input{Name: "github-token", ActionDefault: "${{ github.token }}", Secret: true, Description: use}
}

// engine accepts what tfinstall.ParseEngine does; it is checked here too
// so that a bad value fails before anything runs.
func engine(v string) error {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "", "terraform", "tofu", "opentofu":
		return nil
	}
	return fmt.Errorf("give terraform or tofu, or leave it empty to detect it (.opentofu-version: tofu)")
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

// Engine is what the terraform-path and terraform-version inputs ask for,
// as resolve reads them: the engine is then located (or installed) from
// these values alone.
type Engine struct {
	// Name is the engine input: terraform, tofu, or "" to detect it.
	Name string
	// Path is terraform-path, an executable file; "" chooses a version.
	Path string
	// Version is terraform-version, exact or constraints; "" follows the
	// module's pin file or required_version.
	Version string
	// Top is the highest directory a pin file is looked for in: the
	// workspace in Actions, the working directory elsewhere.
	Top string
}

// Engine reads engine, terraform-path and terraform-version: a path must
// be an executable, and it excludes a version.
func (rt *Runtime) Engine() (Engine, error) {
	e := Engine{Name: rt.Inputs.String("engine"), Version: strings.TrimSpace(rt.Inputs.String("terraform-version")), Top: rt.GitHub.Workspace}
	if e.Top == "" {
		e.Top = rt.Workdir
	}
	p := rt.Inputs.String("terraform-path")
	if p == "" {
		return e, nil
	}
	if e.Version != "" {
		return e, Usagef("inputs terraform-path %q and terraform-version %q: give one of them, not both", p, e.Version)
	}
	var err error
	e.Path, err = rt.Tool("terraform-path", p)
	return e, err
}
