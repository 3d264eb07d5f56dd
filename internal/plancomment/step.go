package plancomment

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/policy"
	"github.com/olympus-cloud/deploy-actions/internal/step"
	"github.com/olympus-cloud/deploy-actions/internal/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/tfinputs"
	"github.com/olympus-cloud/deploy-actions/internal/tfinstall"
	"github.com/olympus-cloud/deploy-actions/internal/worker"
)

// job is one environment to plan or render.
type job struct {
	env       string
	planJSON  string // given: render this file, run no terraform
	backend   string
	varFile   string
	planFile  string // what the outputs name and hash
	shownJSON string
	// planSHA256 is planFile's hash when it was taken while reading it.
	planSHA256 string
	// held is terraform's plan output, printed once the plan's secrets
	// are masked.
	held []byte
	// workerJSON marks a planJSON written by a worker (removed once
	// read), not given by the user.
	workerJSON bool
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
	// Before terraform runs: its errors quote variables' values.
	var varFiles []string
	for _, j := range cfg.jobs {
		if j.varFile != "" {
			varFiles = append(varFiles, j.varFile)
		}
	}
	for _, s := range tfinputs.Secrets(cfg.dir, varFiles, env.Getenv) {
		env.Report.Mask(s)
	}
	var toPlan []*job
	for _, j := range cfg.jobs {
		if j.planJSON == "" {
			toPlan = append(toPlan, j)
		}
	}
	pc := &PlanComment{Config: cfg, Report: env.Report, Log: env.Stderr, Footer: footer(env), SummaryURL: env.GitHub.RunURL()}
	if len(toPlan) > 0 {
		runner, err := newTerraformRunner(ctx, env, cfg)
		if err != nil {
			return err
		}
		if out := env.Getenv(workerOutEnv); out != "" {
			return runWorker(ctx, cfg, runner, out)
		}
		pc.TF = runner
		if len(toPlan) > 1 {
			pc.TF = &workerPool{env: env, cfg: cfg, runner: runner}
		}
	}
	pc.Comments = commenter(env, cfg)
	return pc.Process(ctx)
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

func (p *pullRequest) hasLabel(name string) bool {
	for _, l := range p.Labels {
		if l.Name == name {
			return true
		}
	}
	return false
}

// commenter is where the comment goes, or nil when none is written:
// comment off, outside Actions (the rendering is on stdout), or not a
// pull request.
func commenter(env *step.Env, cfg *config) Commenter {
	switch {
	case cfg.mode == "off", !env.GitHub.Actions:
		return nil
	case cfg.pr == nil:
		env.Log().Info("not a pull_request event: no comment written", "event", env.GitHub.EventName)
		return nil
	}
	return &githubCommenter{env: env, cfg: cfg}
}

// githubCommenter finds who the token acts as, then keeps the comment.
type githubCommenter struct {
	env *step.Env
	cfg *config
}

func (g *githubCommenter) Upsert(ctx context.Context, plans []*EnvPlan, mode string) (Comment, error) {
	env := g.env
	client, err := githubapi.New(env.GitHub, env.Log(), githubapi.Options{})
	if err != nil {
		return Comment{}, step.Usagef("input github-token: %v", err)
	}
	login, err := githubapi.Login(ctx, client)
	if err != nil {
		return Comment{}, err
	}
	owner, repo, _ := strings.Cut(env.GitHub.Repository, "/")
	u := &Upserter{
		Comments: &PRComments{Client: client, Owner: owner, Repo: repo, Number: g.cfg.pr.Number},
		Dir:      g.cfg.shownDir, Log: env.Log(), Settle: settle(env), Attempts: 5, Owner: login, Redact: env.Report.Redact,
	}
	return u.Upsert(ctx, plans, mode)
}

// settle is how long a job waits before checking its comment write stuck;
// OLYMPUS_COMMENT_SETTLE overrides it (tests use a short one).
func settle(env *step.Env) time.Duration {
	if d, err := time.ParseDuration(env.Getenv("OLYMPUS_COMMENT_SETTLE")); err == nil {
		return d
	}
	return 2 * time.Second
}

// terraformRunner plans environments one after another in the working
// directory: they share its .terraform, so they cannot run at once in one
// job (run one job per environment for that).
type terraformRunner struct {
	// mu keeps plans one at a time: they share the module's .terraform.
	mu  sync.Mutex
	env *step.Env
	cfg *config
	tf  *terraform.Terraform
	out *worker.PrefixWriter
}

func newTerraformRunner(ctx context.Context, env *step.Env, cfg *config) (*terraformRunner, error) {
	out := &worker.PrefixWriter{W: env.Stderr}
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

// Plan plans one environment in this process.
func (r *terraformRunner) Plan(ctx context.Context, j *job) (*tfjson.Plan, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.plan(ctx, j)
}

func (r *terraformRunner) plan(ctx context.Context, j *job) (*tfjson.Plan, error) {
	r.out.SetPrefix("[" + j.env + "] ")
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
	// A saved plan holds secrets: only this user reads it.
	if err := os.Chmod(j.planFile, 0o600); err != nil {
		return nil, fmt.Errorf("%s: failed to protect the saved plan: %w", j.env, err)
	}
	p, err := r.tf.ShowPlan(ctx, j.planFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", j.env, err)
	}
	return p, nil
}
