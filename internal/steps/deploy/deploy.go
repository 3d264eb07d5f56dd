package deploy

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/tfinstall"
	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Terraform is what deploy needs from terraform: the session
// (terraform.Session). It masks a plan's secrets before terraform's output
// prints, and an apply's outputs before its closing section prints.
type Terraform interface {
	// Init initialises the module against the environment's backend.
	Init(ctx context.Context, environment, backendConfig string) error
	// Plan makes the job's plan (or shows the given one).
	Plan(ctx context.Context, j terraform.Job) ([]*terraform.Shown, error)
	// Apply applies a saved plan and reads the outputs.
	Apply(ctx context.Context, environment, planFile string) (map[string]terraform.Output, error)
	Outputs(ctx context.Context, environment string) (map[string]terraform.Output, error)
}

// Config is a deploy's resolved inputs.
type Config struct {
	Environment string
	// Dir is the root module; BackendConfig and VarFiles are absolute.
	Dir           string
	BackendConfig string
	VarFiles      []string
	// Shown are the paths as the user gave them, for the summary.
	ShownDir, ShownBackend string
	// DataDir is terraform's TF_DATA_DIR, where init installs modules;
	// empty means Dir/.terraform.
	DataDir string
	// Mode is ModeApply or ModePlan.
	Mode string
	// PlanFile, when set, is the reviewed plan to apply, and PlanSHA256 its
	// expected hash (of the plan itself, not of its encryption).
	PlanFile, PlanSHA256 string
	// PlanOut is where plan mode saves the plan.
	PlanOut string
	// Key, when set, encrypts the plan that plan mode saves and decrypts
	// PlanFile.
	Key *plan.Key
	// Shown turns a path the step wrote into the one its output reports.
	Shown        func(string) string
	Protected    policy.Protected
	AllowDestroy bool
	AllowDrift   bool
	BreakGlass   bool
	Promotion    Promotion
	// SHA and Ref are what this run deploys; RunURL is its log, RunID
	// its id.
	SHA, Ref, RunURL, RunID string
	// Engine is the terraform asked for, LockTimeout how long it waits
	// for the state lock.
	Engine      tfinstall.Request
	LockTimeout time.Duration
	// Parity compares the plan with the reviewed one (parity.go); Verify
	// checks the deployment after the apply (verify.go).
	Parity Parity
	Verify Verify
	// Policy is the repository's policies (policy.go); nil for none.
	Policy *Policies
}

// Deployer runs one deploy.
type Deployer struct {
	Config Config
	TF     Terraform
	Report step.Reporter
	// Deployments records the deploy on GitHub and checks the promotion;
	// nil when breaking glass without GitHub.
	Deployments Deployments
	// Incidents files the record of a break-glass deploy.
	Incidents *incident.Filer
	// PlanDir holds the saved plan; private to this run.
	PlanDir string
	// Now is the clock of the records.
	Now func() time.Time
	// Who made the change, for the records.
	Who string
	// Command is the engine's command line (terraform, tofu) that hints
	// name; "" is terraform.
	Command string
	// Reviews finds the merged pull request's reviewed plan (parity.go);
	// nil without GitHub.
	Reviews Reviews
	// Filer files the incident records of an unreviewed apply and of a
	// rollback after a failed check; nil files them in the summary.
	Filer *incident.Filer
	// Run reads and moves Cloud Run traffic after the checks (verify.go).
	Run CloudRun
	// Console prints the checks' command output, redacted and fenced.
	Console io.Writer

	// parityNote is what plan parity found, for the deployment status.
	parityNote string
	// verified is the record of a deploy whose checks passed.
	verified *policy.DeploymentRecord
	// plan is the plan applied, once shown.
	plan *tfjson.Plan

	// recorded is the GitHub deployment of this run, read by the stop
	// signal's handler too.
	recorded atomic.Int64
	// reviewed is what the reviewed plan recorded of where it was made.
	reviewed *plan.Saved
}

func (d *Deployer) deploymentID() int64 { return d.recorded.Load() }

// Process checks the reviewed plan and the promotion, records the
// deployment, inits, plans (or takes the reviewed plan), shows the plan,
// checks it is safe, applies it and reports the outputs. In plan mode it
// stops once the plan is shown and checked, and saves it instead.
func (d *Deployer) Process(ctx context.Context) error {
	cfg := d.Config
	sum := &Summary{Environment: cfg.Environment, Dir: cfg.ShownDir, Backend: cfg.ShownBackend, BreakGlass: cfg.BreakGlass,
		PlanOnly: cfg.Mode == ModePlan}
	if sum.PlanOnly {
		return d.planOnly(ctx, sum)
	}
	planFile := ""
	if cfg.PlanFile != "" {
		// Before anything else: a plan that is not the reviewed one, or
		// was made for somewhere else, changes nothing.
		copied, err := d.takeReviewed()
		if err != nil {
			return d.finish(ctx, sum, outcomeOf(err), err)
		}
		sum.SHA256 = cfg.PlanSHA256
		planFile = copied
	}
	if d.Deployments != nil {
		if err := cfg.Promotion.Check(ctx, d.Deployments, cfg.Environment, cfg.SHA, cfg.Ref); err != nil {
			return d.finish(ctx, sum, "refused", err)
		}
		payload := d.payload(sum.SHA256)
		id, err := d.Deployments.Create(ctx, cfg.SHA, cfg.Environment, "olympus deploy to "+cfg.Environment, payload)
		if err != nil {
			return d.finish(ctx, sum, "failed", fmt.Errorf("failed to record the deployment: %w", err))
		}
		sum.DeploymentID = id
		d.recorded.Store(id)
		d.Report.SetOutput("deployment-id", strconv.FormatInt(id, 10))
		if err := d.Deployments.SetStatus(ctx, id, "in_progress", cfg.RunURL, "applying"); err != nil {
			return d.finish(ctx, sum, "failed", fmt.Errorf("failed to record the deployment status: %w", err))
		}
	}
	if err := d.TF.Init(ctx, cfg.Environment, cfg.BackendConfig); err != nil {
		return d.finish(ctx, sum, "failed", err)
	}
	if d.reviewed != nil {
		// Remote modules exist only now that init fetched them.
		if err := checkFetched(d.reviewed, cfg.Dir, cfg.DataDir); err != nil {
			return d.finish(ctx, sum, outcomeOf(err), err)
		}
	}
	reviewed := planFile != ""
	if !reviewed {
		planFile = filepath.Join(d.PlanDir, cfg.Environment+".tfplan")
	}
	if _, err := d.planAndShow(ctx, sum, planFile, reviewed, false); err != nil {
		return d.finish(ctx, sum, outcomeOf(err), err)
	}
	if sum.Reviewed {
		d.Report.SetOutput("plan-sha256", cfg.Environment+"="+sum.SHA256)
	}
	if !sum.Counts.HasChanges() {
		outs, err := d.TF.Outputs(ctx, cfg.Environment)
		if err == nil {
			err = d.afterApply(ctx, sum, outs)
		}
		return d.finish(ctx, sum, checkedOutcome("no-changes", err), err)
	}
	outs, err := d.TF.Apply(ctx, cfg.Environment, planFile)
	if err != nil {
		return d.finish(ctx, sum, "failed", applyError(err, reviewed, d.command()))
	}
	err = d.afterApply(ctx, sum, outs)
	return d.finish(ctx, sum, checkedOutcome("applied", err), err)
}

// planOnly checks the promotion, plans without the state lock, shows the
// plan, refuses what an apply would refuse, and saves the plan for the
// job that applies it after the approval: everything that can fail does
// so before anyone is asked to approve. It records no deployment.
func (d *Deployer) planOnly(ctx context.Context, sum *Summary) error {
	cfg := d.Config
	if d.Deployments != nil {
		if err := cfg.Promotion.Check(ctx, d.Deployments, cfg.Environment, cfg.SHA, cfg.Ref); err != nil {
			return d.finish(ctx, sum, "refused", err)
		}
	}
	planFile := filepath.Join(d.PlanDir, cfg.Environment+".tfplan")
	// Plan credentials are read-only: they cannot write the lock object.
	// The apply refuses the saved plan if the state moved on meanwhile.
	if err := d.TF.Init(ctx, cfg.Environment, cfg.BackendConfig); err != nil {
		return d.finish(ctx, sum, "failed", err)
	}
	if _, err := d.planAndShow(ctx, sum, planFile, false, true); err != nil {
		return d.finish(ctx, sum, outcomeOf(err), err)
	}
	saved, digest, err := d.save(planFile)
	if err != nil {
		return d.finish(ctx, sum, "failed", err)
	}
	sum.SHA256 = digest
	sum.Saved = cfg.Shown(saved)
	d.Report.SetOutput("plan-file", sum.Saved)
	d.Report.SetOutput("plan-sha256", cfg.Environment+"="+digest)
	return d.finish(ctx, sum, "planned", nil)
}

// planAndShow plans into planFile (or shows the reviewed plan already
// there), writes the plan to the summary and checks that it is
// safe to apply. The session has masked the plan's secrets and printed
// terraform's output by the time it returns.
func (d *Deployer) planAndShow(ctx context.Context, sum *Summary, planFile string, reviewed, noLock bool) (*tfjson.Plan, error) {
	cfg := d.Config
	job := terraform.Job{Environment: cfg.Environment, Initialized: true, NoLock: noLock,
		Plans: []terraform.PlanSpec{{Out: planFile, Given: reviewed}}}
	job.VarFiles = cfg.VarFiles
	shown, err := d.TF.Plan(ctx, job)
	if err != nil {
		return nil, lockOr(err, d.command())
	}
	p := shown[0].Plan
	d.plan = p
	sum.Counts = policy.Count(p)
	sum.Changes = policy.Changes(p)
	sum.Reviewed = reviewed
	sum.Pinned = policy.PinnedTraffic(p)
	d.setCounts(sum.Counts)
	// The plan goes to the summary before the apply begins, so that a
	// reader of a running or failed job sees what was being applied.
	d.Report.Summary(sum.PlanMarkdown())
	if err := d.checkParity(ctx, shown[0]); err != nil {
		return nil, err
	}
	if err := refusal(cfg, p); err != nil {
		return nil, err
	}
	if err := d.judge(ctx, p); err != nil {
		return nil, err
	}
	return p, nil
}
