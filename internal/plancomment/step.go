package plancomment

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/plan"
	"github.com/olympus-cloud/deploy-actions/internal/policy"
	"github.com/olympus-cloud/deploy-actions/internal/report"
	"github.com/olympus-cloud/deploy-actions/internal/step"
	"github.com/olympus-cloud/deploy-actions/internal/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/tfinstall"
)

// job is one environment to plan or render.
type job struct {
	env       string
	planJSON  string // given: render this file, run no terraform
	backend   string
	varFile   string
	planFile  string // what the outputs name and hash
	shownJSON string
	// held is terraform's plan output, printed once the plan's secrets
	// are masked.
	held []byte
}

type config struct {
	dir, shownDir string
	jobs          []*job
	protected     policy.Protected
	order         policy.Order
	mode          string
	label         string
	planDir       string
	pr            *pullRequest
}

type pullRequest struct {
	Number int
	Labels []struct {
		Name string `json:"name"`
	} `json:"labels"`
}

func run(ctx context.Context, env *step.Env) error {
	cfg, err := resolve(env)
	if err != nil {
		return err
	}
	var tf *terraformRunner
	var toPlan []*job
	for _, j := range cfg.jobs {
		if j.planJSON == "" {
			toPlan = append(toPlan, j)
		}
	}
	if len(toPlan) > 0 {
		if tf, err = newTerraformRunner(ctx, env, cfg); err != nil {
			return err
		}
	}
	if out := env.Getenv(workerOutEnv); out != "" {
		return runWorker(ctx, cfg, tf, out)
	}
	if len(toPlan) > 1 {
		if err := planConcurrently(ctx, env, cfg, toPlan, tf); err != nil {
			return err
		}
	}
	var plans []*EnvPlan
	for _, j := range cfg.jobs {
		p, err := load(ctx, env, cfg, tf, j)
		if err != nil {
			return err
		}
		for _, v := range policy.Secrets(p) {
			env.Report.Mask(v)
		}
		if len(j.held) > 0 {
			w := &prefixWriter{w: env.Stderr, prefix: "[" + j.env + "] "}
			w.Write(j.held)
		}
		plans = append(plans, &EnvPlan{
			Environment: j.env, Plan: p, Protected: cfg.protected, Order: cfg.order, PlanFile: j.planFile,
			SummaryURL: env.GitHub.RunURL(), Footer: footer(env),
		})
	}
	return finish(ctx, env, cfg, plans)
}

func footer(env *step.Env) string {
	f := "Planned by olympus plan-comment"
	if sha := env.GitHub.SHA; len(sha) >= 7 {
		f += " for " + sha[:7]
	}
	if u := env.GitHub.RunURL(); u != "" {
		f += " in [run " + env.GitHub.RunID + "](" + u + ")"
	}
	return f + " at " + time.Now().UTC().Format("2006-01-02 15:04 UTC") + "."
}

// finish sets the outputs, writes the summary and the comment, and decides.
func finish(ctx context.Context, env *step.Env, cfg *config, plans []*EnvPlan) error {
	var total policy.Counts
	var protected []string
	var files, sums []string
	for i, e := range plans {
		total = total.Plus(policy.Count(e.Plan))
		for _, pd := range e.ProtectedDestroys() {
			protected = append(protected, e.Environment+": "+pd.Address)
		}
		j := cfg.jobs[i]
		files = append(files, j.env+"="+j.planFile)
		sum, err := plan.FileSHA256(j.planFile)
		if err != nil {
			return err
		}
		sums = append(sums, j.env+"="+sum)
	}
	out := env.Report
	out.SetOutput("has-changes", strconv.FormatBool(total.HasChanges()))
	out.SetOutput("add", strconv.Itoa(total.Add))
	out.SetOutput("change", strconv.Itoa(total.Change))
	out.SetOutput("destroy", strconv.Itoa(total.Destroy))
	out.SetOutput("replace", strconv.Itoa(total.Replace))
	out.SetOutput("protected-destroys", strconv.Itoa(len(protected)))
	out.SetOutput("plan-files", strings.Join(files, "\n"))
	out.SetOutput("plan-sha256", strings.Join(sums, "\n"))

	// The summary has the full rendering, within its own limit.
	share := (report.SummaryLimit - 4096) / len(plans)
	var summary strings.Builder
	fmt.Fprintf(&summary, "## Terraform plan: `%s`\n\n", code(cfg.shownDir))
	for _, e := range plans {
		full := *e
		full.SummaryURL = ""
		summary.WriteString(FitSection(&full, share) + "\n")
	}
	out.Summary(summary.String())

	if err := comment(ctx, env, cfg, plans); err != nil {
		return err
	}
	if len(protected) > 0 {
		if cfg.pr != nil && cfg.pr.hasLabel(cfg.label) {
			env.Log().Warn("protected resources would be destroyed; allowed by the pull request label", "label", cfg.label, "resources", protected)
			return nil
		}
		return step.Refusef("the plan destroys or replaces %d protected resource(s) (%s); add the %q label to the pull request if that is intended",
			len(protected), strings.Join(protected, ", "), cfg.label)
	}
	return nil
}

func (p *pullRequest) hasLabel(name string) bool {
	for _, l := range p.Labels {
		if l.Name == name {
			return true
		}
	}
	return false
}

func comment(ctx context.Context, env *step.Env, cfg *config, plans []*EnvPlan) error {
	if cfg.mode == "off" {
		return nil
	}
	if !env.GitHub.Actions {
		// From a laptop the rendering is on stdout already.
		return nil
	}
	if cfg.pr == nil {
		env.Log().Info("not a pull_request event: no comment written", "event", env.GitHub.EventName)
		return nil
	}
	client, err := githubapi.New(env.GitHub, env.Log(), githubapi.Options{})
	if err != nil {
		return step.Usagef("input github-token: %v", err)
	}
	login, err := githubapi.Login(ctx, client)
	if err != nil {
		return err
	}
	owner, repo, _ := strings.Cut(env.GitHub.Repository, "/")
	u := &Upserter{
		Comments: &PRComments{Client: client, Owner: owner, Repo: repo, Number: cfg.pr.Number},
		Dir:      cfg.shownDir, Log: env.Log(), Settle: settle(env), Attempts: 5, Owner: login, Redact: env.Report.Redact,
	}
	c, err := u.Upsert(ctx, plans, cfg.mode)
	if err != nil {
		return err
	}
	env.Report.SetOutput("comment-url", c.URL)
	return nil
}

// settle is how long a job waits before checking its comment write stuck;
// OLYMPUS_COMMENT_SETTLE overrides it (tests use a short one).
func settle(env *step.Env) time.Duration {
	if d, err := time.ParseDuration(env.Getenv("OLYMPUS_COMMENT_SETTLE")); err == nil {
		return d
	}
	return 2 * time.Second
}

// load returns an environment's plan: the given JSON, or a fresh plan.
func load(ctx context.Context, env *step.Env, cfg *config, tf *terraformRunner, j *job) (*tfjson.Plan, error) {
	if j.planJSON != "" {
		b, err := os.ReadFile(j.planJSON)
		if err != nil {
			return nil, step.InputError("plan-json", j.shownJSON, fmt.Errorf("cannot read it: %v", err))
		}
		p, err := Parse(b)
		if err != nil {
			return nil, step.InputError("plan-json", j.shownJSON, err)
		}
		return p, nil
	}
	return tf.plan(ctx, j)
}

// Parse reads a `terraform show -json` plan. It refuses format versions
// terraform-json does not know (a new major version) and ignores unknown
// fields.
//
// It decodes only what the step reads: the changes, the drift, the outputs
// and what says which values are sensitive. Skipping planned_values'
// resources, the prior state's resources and the configuration's bodies
// halves the time and memory on large plans (see BenchmarkPlanComment).
func Parse(b []byte) (*tfjson.Plan, error) {
	var lp struct {
		FormatVersion    string                          `json:"format_version"`
		TerraformVersion string                          `json:"terraform_version"`
		Variables        map[string]*tfjson.PlanVariable `json:"variables"`
		ResourceChanges  []*tfjson.ResourceChange        `json:"resource_changes"`
		ResourceDrift    []*tfjson.ResourceChange        `json:"resource_drift"`
		OutputChanges    map[string]*tfjson.Change       `json:"output_changes"`
		PlannedValues    *struct {
			Outputs map[string]*tfjson.StateOutput `json:"outputs"`
		} `json:"planned_values"`
		PriorState *struct {
			Values *struct {
				Outputs map[string]*tfjson.StateOutput `json:"outputs"`
			} `json:"values"`
		} `json:"prior_state"`
		Configuration *struct {
			RootModule *struct {
				Variables map[string]*tfjson.ConfigVariable `json:"variables"`
			} `json:"root_module"`
		} `json:"configuration"`
	}
	if err := json.Unmarshal(b, &lp); err != nil {
		return nil, fmt.Errorf("not a `terraform show -json` plan this step can read: %v", err)
	}
	p := &tfjson.Plan{
		FormatVersion: lp.FormatVersion, TerraformVersion: lp.TerraformVersion, Variables: lp.Variables,
		ResourceChanges: lp.ResourceChanges, ResourceDrift: lp.ResourceDrift, OutputChanges: lp.OutputChanges,
	}
	if lp.PlannedValues != nil {
		p.PlannedValues = &tfjson.StateValues{Outputs: lp.PlannedValues.Outputs}
	}
	if lp.PriorState != nil && lp.PriorState.Values != nil {
		p.PriorState = &tfjson.State{Values: &tfjson.StateValues{Outputs: lp.PriorState.Values.Outputs}}
	}
	if lp.Configuration != nil && lp.Configuration.RootModule != nil {
		p.Config = &tfjson.Config{RootModule: &tfjson.ConfigModule{Variables: lp.Configuration.RootModule.Variables}}
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("not a `terraform show -json` plan this step can read: %v", err)
	}
	return p, nil
}

// terraformRunner plans environments one after another in the working
// directory: they share its .terraform, so they cannot run at once in one
// job (run one job per environment for that).
type terraformRunner struct {
	env *step.Env
	cfg *config
	tf  *terraform.Terraform
	out *prefixWriter
}

func newTerraformRunner(ctx context.Context, env *step.Env, cfg *config) (*terraformRunner, error) {
	out := &prefixWriter{w: env.Stderr}
	execPath, err := tfinstall.Locate(ctx, env, cfg.dir)
	if err != nil {
		return nil, err
	}
	tf, err := terraform.New(ctx, terraform.Options{
		ExecPath: execPath, Dir: cfg.dir,
		Stdout: out, Stderr: out, LockTimeout: env.Inputs.Duration("lock-timeout"),
	})
	if err != nil {
		return nil, step.Usagef("input terraform-path: %v", err)
	}
	return &terraformRunner{env: env, cfg: cfg, tf: tf, out: out}, nil
}

func (r *terraformRunner) plan(ctx context.Context, j *job) (*tfjson.Plan, error) {
	r.out.setPrefix("[" + j.env + "] ")
	if err := r.tf.Init(ctx, j.backend); err != nil {
		return nil, fmt.Errorf("%s: %w", j.env, err)
	}
	// terraform prints values before we know which are secret: the
	// plan's output is held and printed once they are masked.
	var held bytes.Buffer
	opts := terraform.PlanOptions{Out: j.planFile, Hold: &held, NoLock: !r.env.Inputs.Bool("lock")}
	if j.varFile != "" {
		opts.VarFiles = []string{j.varFile}
	}
	_, err := r.tf.Plan(ctx, opts)
	j.held = held.Bytes()
	if err != nil {
		// No plan was saved, so there is nothing more to learn about its
		// secrets: print terraform's errors with what is masked so far.
		r.out.Write(j.held)
		j.held = nil
		return nil, fmt.Errorf("%s: %w", j.env, err)
	}
	p, err := r.tf.ShowPlan(ctx, j.planFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", j.env, err)
	}
	return p, nil
}
