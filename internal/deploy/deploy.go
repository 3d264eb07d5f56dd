package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/plan"
	"github.com/olympus-cloud/deploy-actions/internal/step"
	"github.com/olympus-cloud/deploy-actions/internal/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/tfinstall"
)

// Terraform is what deploy needs from terraform.
type Terraform interface {
	Init(ctx context.Context, backendConfig string) error
	Plan(ctx context.Context, opts terraform.PlanOptions) (bool, error)
	ShowPlan(ctx context.Context, planFile string) (*tfjson.Plan, error)
	Apply(ctx context.Context, planFile string) error
	Outputs(ctx context.Context) (map[string]terraform.Output, error)
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
	// PlanFile, when set, is the reviewed plan to apply, and PlanSHA256 its
	// expected hash.
	PlanFile, PlanSHA256 string
	Protected            map[string]bool
	AllowDestroy         bool
	AllowDrift           bool
	Promotion            Promotion
	// SHA and Ref are what this run deploys; RunURL is its log.
	SHA, Ref, RunURL string
}

// Deployer runs one deploy.
type Deployer struct {
	Config Config
	TF     Terraform
	Report step.Reporter
	// Deployments records the deploy on GitHub and checks the promotion;
	// nil when breaking glass without GitHub.
	Deployments Deployments
	// PlanDir holds the saved plan.
	PlanDir string
}

func run(ctx context.Context, env *step.Env) error {
	cfg, err := resolve(env)
	if err != nil {
		return err
	}
	execPath, err := tfinstall.Locate(ctx, env, cfg.Dir)
	if err != nil {
		return err
	}
	tf, err := terraform.New(ctx, terraform.Options{
		ExecPath:    execPath,
		Dir:         cfg.Dir,
		Stdout:      env.Stderr,
		Stderr:      env.Stderr,
		LockTimeout: env.Inputs.Duration("lock-timeout"),
	})
	if err != nil {
		return step.Usagef("input terraform-path: %v", err)
	}
	env.Log().Info("terraform found", "version", tf.Version.String())
	d := &Deployer{Config: cfg, TF: tf, Report: env.Report}
	first := cfg.Promotion.Order[0] == cfg.Environment
	switch {
	case !env.Inputs.Bool("break-glass") && first && !env.GitHub.Actions && env.GitHub.Token == "":
		// From a laptop the first environment needs no promotion check;
		// only the record on GitHub is missing, and that is said.
		env.Log().Warn("no GitHub token: this deploy is not recorded as a GitHub deployment", "environment", cfg.Environment)
	case env.Inputs.Bool("break-glass"):
		env.Log().Warn("break glass: the promotion order is not checked and no GitHub deployment is recorded")
		env.Report.Summary("> [!WARNING]\n> **Break glass:** deployed without the promotion check or a GitHub deployment record. Document the change and codify it in Terraform.\n\n")
	default:
		client, err := githubapi.New(env.GitHub, env.Log(), githubapi.Options{})
		if err != nil {
			return step.Usagef("%v; outside GitHub Actions, pass --github-token, or --break-glass to deploy without GitHub", err)
		}
		owner, repo, _ := strings.Cut(env.GitHub.Repository, "/")
		if owner == "" || repo == "" || cfg.SHA == "" {
			return step.Usagef("GITHUB_REPOSITORY and GITHUB_SHA are needed to check the promotion; outside GitHub Actions, use --break-glass")
		}
		d.Deployments = &githubDeployments{client: client, owner: owner, repo: repo}
	}
	planDir, err := os.MkdirTemp("", "olympus-deploy-")
	if err != nil {
		return fmt.Errorf("failed to create a directory for the plan: %w", err)
	}
	defer os.RemoveAll(planDir)
	d.PlanDir = planDir

	// On the second stop signal, say how to release the state lock if
	// terraform is still holding it.
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-step.Escalation(ctx):
			hint := UnlockHint(cfg.Dir, env.Getenv("TF_DATA_DIR"), cfg.ShownDir, cfg.ShownBackend)
			fmt.Fprintf(env.Stderr, "olympus: stopping; %s\n", hint)
			env.Report.Summary("\n> [!WARNING]\n> The deploy was cancelled. " + strings.ReplaceAll(hint, "\n", "\n> ") + "\n")
		case <-done:
		}
	}()
	return d.Process(ctx)
}

// resolve turns the inputs into a Config, refusing anything missing before
// terraform runs.
func resolve(env *step.Env) (Config, error) {
	in := env.Inputs
	cfg := Config{Environment: in.String("environment"), ShownDir: in.String("working-directory"),
		AllowDestroy: in.Bool("allow-destroy"), AllowDrift: in.Bool("allow-drift"), Protected: map[string]bool{},
		Promotion: Promotion{Order: in.List("promotion-order"), AllowedRefs: in.List("allowed-refs")},
		SHA:       env.GitHub.SHA, Ref: env.GitHub.Ref, RunURL: env.GitHub.RunURL()}
	if !slices.Contains(cfg.Promotion.Order, cfg.Environment) {
		return cfg, step.InputError("promotion-order", in.String("promotion-order"), fmt.Errorf("must include the environment %q", cfg.Environment))
	}
	for _, t := range in.List("protected-types") {
		cfg.Protected[t] = true
	}
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

	if pf := in.String("plan-file"); pf != "" {
		cfg.PlanFile = env.Path(pf)
		if !isFile(cfg.PlanFile) {
			return cfg, step.InputError("plan-file", pf, fmt.Errorf("no such file; pass the plan plan-comment saved (its plan-files output)"))
		}
		cfg.PlanSHA256 = strings.ToLower(in.String("plan-sha256"))
		if len(cfg.PlanSHA256) != 64 {
			return cfg, step.InputError("plan-sha256", in.String("plan-sha256"), fmt.Errorf("give the 64-hex-digit sha256 plan-comment reported for this plan (its plan-sha256 output)"))
		}
	}
	return cfg, nil
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

// Process checks the promotion, records the deployment, inits, plans (or
// takes the reviewed plan), shows the plan, checks it is safe, applies it
// and reports the outputs.
func (d *Deployer) Process(ctx context.Context) error {
	cfg := d.Config
	sum := &Summary{Environment: cfg.Environment, Dir: cfg.ShownDir, Backend: cfg.ShownBackend}
	if cfg.PlanFile != "" {
		// Before anything else: a plan that is not the reviewed one
		// changes nothing.
		got, err := plan.FileSHA256(cfg.PlanFile)
		if err != nil {
			return err
		}
		if got != cfg.PlanSHA256 {
			return d.finish(sum, "refused", step.Refusef("the plan file's sha256 is %s, not the reviewed %s: it is not the plan that was reviewed; nothing was applied", got, cfg.PlanSHA256))
		}
	}
	if d.Deployments != nil {
		if err := cfg.Promotion.Check(ctx, d.Deployments, cfg.Environment, cfg.SHA, cfg.Ref); err != nil {
			return d.finish(sum, "refused", err)
		}
		id, err := d.Deployments.Create(ctx, cfg.SHA, cfg.Environment, "olympus deploy to "+cfg.Environment)
		if err != nil {
			return d.finish(sum, "failed", fmt.Errorf("failed to record the deployment: %w", err))
		}
		sum.DeploymentID = id
		d.Report.SetOutput("deployment-id", strconv.FormatInt(id, 10))
		if err := d.Deployments.SetStatus(ctx, id, "in_progress", cfg.RunURL, "applying"); err != nil {
			return d.finish(sum, "failed", fmt.Errorf("failed to record the deployment status: %w", err))
		}
	}
	if err := d.TF.Init(ctx, cfg.BackendConfig); err != nil {
		return d.finish(sum, "failed", err)
	}
	planFile := cfg.PlanFile
	if planFile == "" {
		planFile = filepath.Join(d.PlanDir, cfg.Environment+".tfplan")
		opts := terraform.PlanOptions{Out: planFile}
		if cfg.VarFile != "" {
			opts.VarFiles = []string{cfg.VarFile}
		}
		if _, err := d.TF.Plan(ctx, opts); err != nil {
			return d.finish(sum, "failed", lockOr(err))
		}
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
	sum.Reviewed = cfg.PlanFile != ""
	sum.Pinned = plan.PinnedTraffic(p)
	d.setCounts(sum.Counts)
	// The plan goes to the summary before the apply begins, so that a
	// reader of a running or failed job sees what was being applied.
	d.Report.Summary(sum.PlanMarkdown())
	if err := d.safe(p); err != nil {
		return d.finish(sum, "refused", err)
	}
	if !sum.Counts.HasChanges() {
		return d.finish(sum, "no-changes", d.outputs(ctx))
	}
	if err := d.TF.Apply(ctx, planFile); err != nil {
		return d.finish(sum, "failed", applyError(err, cfg.PlanFile != ""))
	}
	return d.finish(sum, "applied", d.outputs(ctx))
}

// safe refuses protected destroys and, beyond the first environment,
// applying over changes made outside Terraform.
func (d *Deployer) safe(p *tfjson.Plan) error {
	cfg := d.Config
	var protected []string
	for _, c := range plan.Changes(p) {
		if cfg.Protected[c.Type] && (c.Action == plan.Delete || c.Action == plan.Replace) {
			protected = append(protected, string(c.Action)+" "+c.Address)
		}
	}
	if len(protected) > 0 && !cfg.AllowDestroy {
		return step.Refusef("the plan would %s, which are protected; nothing was applied. If that is intended, deploy again with allow-destroy: true", strings.Join(protected, ", "))
	}
	first := len(cfg.Promotion.Order) > 0 && cfg.Promotion.Order[0] == cfg.Environment
	if !first && !cfg.AllowDrift {
		var drifted []string
		for _, rc := range p.ResourceDrift {
			if rc != nil && rc.Mode != tfjson.DataResourceMode {
				drifted = append(drifted, rc.Address)
			}
		}
		if len(drifted) > 0 {
			return step.Refusef("%s changed outside Terraform (%s); applying would silently revert it. Codify the change in Terraform first, or deploy with allow-drift: true if reverting it is intended; nothing was applied",
				cfg.Environment, strings.Join(drifted, ", "))
		}
	}
	return nil
}

// outputs sets terraform-outputs: the root module's outputs as JSON, with
// sensitive ones masked and shown as "(sensitive)".
func (d *Deployer) outputs(ctx context.Context) error {
	outs, err := d.TF.Outputs(ctx)
	if err != nil {
		return err
	}
	shown := map[string]json.RawMessage{}
	for name, o := range outs {
		if o.Sensitive {
			var v any
			if json.Unmarshal(o.Value, &v) == nil {
				for _, s := range plan.SensitiveValues(&tfjson.Plan{OutputChanges: map[string]*tfjson.Change{name: {After: v, AfterSensitive: true}}}) {
					d.Report.Mask(s)
				}
			}
			shown[name] = json.RawMessage(`"` + plan.Redacted + `"`)
			continue
		}
		shown[name] = o.Value
	}
	b, err := json.Marshal(shown)
	if err != nil {
		return err
	}
	d.Report.SetOutput("terraform-outputs", string(b))
	return nil
}

func lockOr(err error) error {
	if held := LockHeld(err); held != nil {
		return held
	}
	return err
}

// applyError explains terraform's refusals of a saved plan.
func applyError(err error, reviewed bool) error {
	if strings.Contains(err.Error(), "Saved plan is stale") {
		if reviewed {
			return step.Refusef("the reviewed plan is stale: the state changed after it was made, so terraform refused it and nothing was applied; plan again and have the new plan reviewed")
		}
		return step.Refusef("the plan went stale: another run changed the state between this run's plan and its apply, so terraform refused it and nothing was applied; deploy again")
	}
	return lockOr(err)
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
	if d.Deployments != nil && sum.DeploymentID != 0 {
		state := "success"
		if err != nil {
			state = "failure"
		}
		// The job's context may be cancelled: the record still needs writing.
		rctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if serr := d.Deployments.SetStatus(rctx, sum.DeploymentID, state, d.Config.RunURL, outcome); serr != nil {
			err = errors.Join(err, fmt.Errorf("failed to record the deployment status: %w", serr))
		}
	}
	if err != nil && errors.Is(err, context.Canceled) {
		return fmt.Errorf("deploy to %s cancelled: %w", d.Config.Environment, err)
	}
	return err
}
