package deploy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/plan"
	"github.com/olympus-cloud/deploy-actions/internal/step"
	"github.com/olympus-cloud/deploy-actions/internal/terraform"
)

// Terraform is what deploy needs from terraform.
type Terraform interface {
	Init(ctx context.Context, backendConfig string) error
	Plan(ctx context.Context, opts terraform.PlanOptions) (bool, error)
	ShowPlan(ctx context.Context, planFile string) (*tfjson.Plan, error)
	Apply(ctx context.Context, planFile string) error
}

// Config is a deploy's resolved inputs.
type Config struct {
	Environment string
	// Dir is the root module; BackendConfig and VarFile are absolute.
	Dir           string
	BackendConfig string
	VarFile       string
	// Shown are the paths as the user gave them, for the summary.
	ShownDir, ShownBackend string
}

// Deployer runs one deploy.
type Deployer struct {
	Config Config
	TF     Terraform
	Report step.Reporter
	// PlanDir holds the saved plan.
	PlanDir string
}

func run(ctx context.Context, env *step.Env) error {
	cfg, err := resolve(env)
	if err != nil {
		return err
	}
	tf, err := terraform.New(ctx, terraform.Options{
		ExecPath:    env.Inputs.String("terraform-path"),
		Dir:         cfg.Dir,
		Stdout:      env.Stderr,
		Stderr:      env.Stderr,
		LockTimeout: env.Inputs.Duration("lock-timeout"),
	})
	if err != nil {
		return step.Usagef("input terraform-path: %v", err)
	}
	env.Log().Info("terraform found", "version", tf.Version.String())
	planDir, err := os.MkdirTemp("", "olympus-deploy-")
	if err != nil {
		return fmt.Errorf("failed to create a directory for the plan: %w", err)
	}
	defer os.RemoveAll(planDir)
	d := &Deployer{Config: cfg, TF: tf, Report: env.Report, PlanDir: planDir}
	return d.Process(ctx)
}

// resolve turns the inputs into a Config, refusing anything missing before
// terraform runs.
func resolve(env *step.Env) (Config, error) {
	in := env.Inputs
	cfg := Config{Environment: in.String("environment"), ShownDir: in.String("working-directory")}
	dir, err := env.Dir("working-directory")
	if err != nil {
		return cfg, err
	}
	cfg.Dir = dir
	envDir := filepath.Join("environments", cfg.Environment)

	backend := in.String("backend-config")
	cfg.ShownBackend = backend
	if backend == "" {
		cfg.ShownBackend = filepath.Join(envDir, "backend.tfbackend")
	}
	cfg.BackendConfig = filepath.Join(dir, cfg.ShownBackend)
	if filepath.IsAbs(cfg.ShownBackend) {
		cfg.BackendConfig = cfg.ShownBackend
	}
	if !isFile(cfg.BackendConfig) {
		return cfg, step.InputError("backend-config", cfg.ShownBackend,
			fmt.Errorf("no such file in %q; each environment needs its own backend file so that environments never share state; create it or name another", cfg.ShownDir))
	}

	varFile := in.String("var-file")
	switch {
	case varFile == "":
		if def := filepath.Join(dir, envDir, "terraform.tfvars"); isFile(def) {
			cfg.VarFile = def
		}
	case filepath.IsAbs(varFile):
		cfg.VarFile = varFile
	default:
		cfg.VarFile = filepath.Join(dir, varFile)
	}
	if varFile != "" && !isFile(cfg.VarFile) {
		return cfg, step.InputError("var-file", varFile, fmt.Errorf("no such file in %q", cfg.ShownDir))
	}
	return cfg, nil
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// Process inits, plans, shows the plan and applies it.
func (d *Deployer) Process(ctx context.Context) error {
	cfg := d.Config
	sum := &Summary{Environment: cfg.Environment, Dir: cfg.ShownDir, Backend: cfg.ShownBackend}
	if err := d.TF.Init(ctx, cfg.BackendConfig); err != nil {
		return d.finish(sum, "failed", err)
	}
	planFile := filepath.Join(d.PlanDir, cfg.Environment+".tfplan")
	opts := terraform.PlanOptions{Out: planFile}
	if cfg.VarFile != "" {
		opts.VarFiles = []string{cfg.VarFile}
	}
	if _, err := d.TF.Plan(ctx, opts); err != nil {
		return d.finish(sum, "failed", err)
	}
	p, err := d.TF.ShowPlan(ctx, planFile)
	if err != nil {
		return d.finish(sum, "failed", err)
	}
	for _, v := range plan.SensitiveValues(p) {
		d.Report.Mask(v)
	}
	sum.Counts = plan.Count(p)
	sum.Changes = plan.Changes(p)
	d.setCounts(sum.Counts)
	// The plan goes to the summary before the apply begins, so that a
	// reader of a running or failed job sees what was being applied.
	d.Report.Summary(sum.PlanMarkdown())
	if !sum.Counts.HasChanges() {
		return d.finish(sum, "no-changes", nil)
	}
	if err := d.TF.Apply(ctx, planFile); err != nil {
		return d.finish(sum, "failed", err)
	}
	return d.finish(sum, "applied", nil)
}

func (d *Deployer) setCounts(c plan.Counts) {
	d.Report.SetOutput("has-changes", strconv.FormatBool(c.HasChanges()))
	d.Report.SetOutput("add", strconv.Itoa(c.Add))
	d.Report.SetOutput("change", strconv.Itoa(c.Change))
	d.Report.SetOutput("destroy", strconv.Itoa(c.Destroy))
	d.Report.SetOutput("replace", strconv.Itoa(c.Replace))
}

// finish records the outcome in the outputs and the summary.
func (d *Deployer) finish(sum *Summary, outcome string, err error) error {
	sum.Outcome = outcome
	if err != nil {
		sum.Error = err.Error()
	}
	d.Report.SetOutput("outcome", outcome)
	d.Report.Summary(sum.ResultMarkdown())
	if err != nil && errors.Is(err, context.Canceled) {
		return fmt.Errorf("deploy to %s cancelled: %w", d.Config.Environment, err)
	}
	return err
}
