package repoconfig

import (
	"path/filepath"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// ForStep is the project of a step's working directory: the one place
// every step (validate, plan-comment, deploy, drift-reconcile) reads
// olympus.yaml. workspace is the repository's checkout; with none, or a
// working directory outside it, the directory gets the default project
// (today's layout), as with no file. A malformed file is bad input (exit
// 2) at file:line; AsErrors finds its problems.
func ForStep(workspace, workingDir string) (Project, error) {
	p, err := forStep(workspace, workingDir)
	return p, usage(err)
}

// LoadForStep is Load for a step that works on many root modules
// (validate): a malformed file is bad input at file:line.
func LoadForStep(workspace string) (*Config, error) {
	c, err := Load(real(workspace))
	return c, usage(err)
}

func usage(err error) error {
	if err == nil {
		return nil
	}
	return fault.Usagef("%w\nfix %s: its schema is in the README (The repository configuration)", err, FileName)
}

func forStep(workspace, workingDir string) (Project, error) {
	if workspace == "" {
		return Default("."), nil
	}
	ws, dir := real(workspace), real(workingDir)
	rel, err := relativeTo(ws, dir)
	if err != nil {
		return Default("."), nil
	}
	cfg, err := Load(ws)
	if err != nil {
		return Project{}, err
	}
	return cfg.ProjectFor(rel)
}

// real is p with its symlinks followed, as steps resolve their inputs.
func real(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// Overrides are a step's inputs that replace olympus.yaml's layout:
// backend-config and var-file, relative to the root module (or absolute),
// where {env} stands for the environment. Empty keeps the project's.
type Overrides struct {
	Backend  string
	VarFiles []string
}

// StepLayout is env's layout for a step that runs in the project's
// directory, the inputs first, then olympus.yaml, then today's layout.
func (p Project) StepLayout(env string, o Overrides) policy.Layout {
	l := p.Layout(env)
	if o.Backend != "" {
		l.BackendPath = filepath.FromSlash(expandEnv(o.Backend, env))
	}
	if len(o.VarFiles) > 0 {
		l.VarFilePaths = make([]string, len(o.VarFiles))
		for i, vf := range o.VarFiles {
			l.VarFilePaths[i] = filepath.FromSlash(expandEnv(vf, env))
		}
	}
	return l
}

func expandEnv(t, env string) string { return strings.ReplaceAll(t, "{env}", env) }

// EngineFor is the engine and version a step asks for: its engine and
// terraform-version inputs when given, else olympus.yaml's engine and
// engine-version. With terraform-path given, no version is added: the
// binary is run as it is.
func (p Project) EngineFor(name, version, path string) (string, string) {
	if name == "" && p.EngineGiven {
		name = p.Engine
	}
	if version == "" && path == "" {
		version = p.EngineVersion
	}
	return name, version
}

// Order is the promotion order a step uses: its promotion-order input
// when it is not the input's default, else the project's environments in
// olympus.yaml, else the default.
func (p Project) Order(input policy.Order) policy.Order {
	if p.Environments != nil && input.String() == policy.DefaultOrder {
		return p.Environments
	}
	return input
}
