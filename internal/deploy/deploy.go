package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/incident"
	"github.com/olympus-cloud/deploy-actions/internal/plan"
	"github.com/olympus-cloud/deploy-actions/internal/policy"
	"github.com/olympus-cloud/deploy-actions/internal/step"
	"github.com/olympus-cloud/deploy-actions/internal/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/tfinputs"
	"github.com/olympus-cloud/deploy-actions/internal/tfinstall"
)

// Terraform is what deploy needs from terraform.
type Terraform interface {
	Init(ctx context.Context, backendConfig string) error
	Plan(ctx context.Context, opts terraform.PlanOptions) (bool, error)
	ShowPlan(ctx context.Context, planFile string) (*tfjson.Plan, error)
	// Apply streams its progress; its closing Outputs section goes to
	// outputs, to be printed once the values are masked.
	Apply(ctx context.Context, planFile string, outputs io.Writer) error
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
}

// Deployer runs one deploy.
type Deployer struct {
	Config Config
	TF     Terraform
	Report step.Reporter
	// Log receives terraform's plan output once its secrets are masked.
	Log io.Writer
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

	// recorded is the GitHub deployment of this run, read by the stop
	// signal's handler too.
	recorded atomic.Int64
	// reviewed is what the reviewed plan recorded of where it was made.
	reviewed *plan.Saved
}

func (d *Deployer) deploymentID() int64 { return d.recorded.Load() }

func run(ctx context.Context, env *step.Env) error {
	cfg, err := resolve(env)
	if err != nil {
		return err
	}
	// Before terraform runs: its errors quote variables' values.
	var varFiles []string
	if cfg.VarFile != "" {
		varFiles = []string{cfg.VarFile}
	}
	for _, s := range tfinputs.Secrets(cfg.Dir, varFiles, env.Getenv) {
		env.Report.Mask(s)
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
	if env.GitHub.Actions && cfg.Mode == ModeApply && cfg.PlanFile == "" && !cfg.BreakGlass && cfg.Promotion.Order.Reviewed(cfg.Environment) {
		env.Report.Annotate(step.Annotation{Level: "warning", Title: "olympus: " + cfg.Environment + " is applied without a reviewed plan",
			Message: fmt.Sprintf("this job plans and applies %s in one step, so whoever approved it approved before any plan existed. "+
				"Plan in a job without the approval (mode: plan) and apply its plan-file and plan-sha256 in the job behind the environment (see the README's pipeline).", cfg.Environment)})
	}
	d := &Deployer{Config: cfg, TF: tf, Report: env.Report, Log: env.Stderr, Now: time.Now, Who: step.Who(env)}
	switch {
	case cfg.BreakGlass:
		env.Log().Warn("break glass: the promotion order is not checked and no GitHub deployment is recorded")
		d.Incidents = incident.New(env)
	case cfg.Promotion.Order.First() == cfg.Environment && cfg.Promotion.Order.Production() != cfg.Environment &&
		!env.GitHub.Actions && env.GitHub.Token == "":
		// From a laptop the first environment needs no promotion check;
		// only the record on GitHub is missing, and that is said. Never
		// production: an order of one environment would otherwise let
		// any environment deploy unrecorded.
		if cfg.Mode == ModeApply {
			env.Log().Warn("no GitHub token: this deploy is not recorded as a GitHub deployment", "environment", cfg.Environment)
		}
	default:
		client, err := githubapi.New(env.GitHub, env.Log(), githubapi.Options{})
		if err != nil {
			return step.Usagef("%v; outside GitHub Actions, pass --github-token, or --break-glass to deploy without GitHub", err)
		}
		owner, repo, _ := strings.Cut(env.GitHub.Repository, "/")
		if owner == "" || repo == "" || cfg.SHA == "" {
			return step.Usagef("GITHUB_REPOSITORY and GITHUB_SHA are needed to check the promotion; outside GitHub Actions, use --break-glass")
		}
		d.Deployments = &githubDeployments{client: client, owner: owner, repo: repo, production: cfg.Promotion.Order.Production()}
	}
	// Saved plans hold secrets: a directory of this run's own, readable
	// by nobody else, gone when the step ends.
	planDir, err := os.MkdirTemp("", "olympus-deploy-")
	if err != nil {
		return fmt.Errorf("failed to create a directory for the plan: %w", err)
	}
	defer os.RemoveAll(planDir)
	d.PlanDir = planDir

	// On the second stop signal, say how to release the state lock if
	// terraform is still holding it, and close the deployment record
	// while there is time: GitHub kills the step 2.5 s later.
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-step.Escalation(ctx):
			d.closeRecord(context.Background(), "failure", "cancelled", 2*time.Second)
			hint := UnlockHint(cfg.Dir, env.Getenv("TF_DATA_DIR"), cfg.ShownDir, cfg.ShownBackend)
			fmt.Fprintf(env.Stderr, "olympus: stopping; %s\n", hint)
			env.Report.Summary("\n> [!WARNING]\n> The deploy was cancelled. " + strings.ReplaceAll(hint, "\n", "\n> ") + "\n")
		case <-done:
		}
	}()
	return d.Process(ctx)
}

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
	if err := d.TF.Init(ctx, cfg.BackendConfig); err != nil {
		return d.finish(ctx, sum, "failed", err)
	}
	if d.reviewed != nil {
		// Remote modules exist only now that init fetched them.
		if err := checkFetched(d.reviewed, cfg.Dir, cfg.DataDir); err != nil {
			return d.finish(ctx, sum, outcomeOf(err), err)
		}
	}
	if planFile == "" {
		planFile = filepath.Join(d.PlanDir, cfg.Environment+".tfplan")
	}
	if _, err := d.planAndShow(ctx, sum, planFile, cfg.PlanFile == "", false); err != nil {
		return d.finish(ctx, sum, outcomeOf(err), err)
	}
	if sum.Reviewed {
		d.Report.SetOutput("plan-sha256", cfg.Environment+"="+sum.SHA256)
	}
	if !sum.Counts.HasChanges() {
		return d.finish(ctx, sum, "no-changes", d.outputs(ctx))
	}
	// Output values known only after the apply are printed in its
	// closing section: it is held until they are read and masked.
	var outputs bytes.Buffer
	if err := d.TF.Apply(ctx, planFile, &outputs); err != nil {
		d.printHeld(&outputs)
		return d.finish(ctx, sum, "failed", applyError(err, cfg.PlanFile != ""))
	}
	err := d.outputs(ctx)
	d.printHeld(&outputs)
	return d.finish(ctx, sum, "applied", err)
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
	if err := d.TF.Init(ctx, cfg.BackendConfig); err != nil {
		return d.finish(ctx, sum, "failed", err)
	}
	planFile := filepath.Join(d.PlanDir, cfg.Environment+".tfplan")
	// Plan credentials are read-only: they cannot write the lock object.
	// The apply refuses the saved plan if the state moved on meanwhile.
	if _, err := d.planAndShow(ctx, sum, planFile, true, true); err != nil {
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

// planAndShow plans into planFile (unless the reviewed plan is already
// there), masks the plan's secrets, prints terraform's held output, writes
// the plan to the summary and checks that it is safe to apply.
func (d *Deployer) planAndShow(ctx context.Context, sum *Summary, planFile string, fresh, noLock bool) (*tfjson.Plan, error) {
	cfg := d.Config
	// terraform prints the plan's values before we know which are
	// secret: its output is held, and printed once they are masked.
	var held bytes.Buffer
	if fresh {
		opts := terraform.PlanOptions{Out: planFile, Hold: &held, NoLock: noLock}
		if cfg.VarFile != "" {
			opts.VarFiles = []string{cfg.VarFile}
		}
		if _, err := d.TF.Plan(ctx, opts); err != nil {
			d.maskPlanFile(ctx, planFile)
			d.printHeld(&held)
			return nil, lockOr(err)
		}
	}
	p, err := d.TF.ShowPlan(ctx, planFile)
	if err != nil {
		return nil, err
	}
	for _, v := range policy.Secrets(p) {
		d.Report.Mask(v)
	}
	d.printHeld(&held)
	sum.Counts = policy.Count(p)
	sum.Changes = policy.Changes(p)
	sum.Reviewed = !fresh
	sum.Pinned = policy.PinnedTraffic(p)
	d.setCounts(sum.Counts)
	// The plan goes to the summary before the apply begins, so that a
	// reader of a running or failed job sees what was being applied.
	d.Report.Summary(sum.PlanMarkdown())
	if err := d.safe(p); err != nil {
		return nil, err
	}
	return p, nil
}

// outcomeOf names the outcome of a failed plan: refused when it is a
// verdict (a protected destroy, drift, a held lock), failed otherwise.
func outcomeOf(err error) string {
	if step.ExitCode(err) == step.ExitVerdict {
		return "refused"
	}
	return "failed"
}

// takeReviewed copies (decrypting it with the key) the reviewed plan into
// this run's private directory while hashing it, and checks its hash and
// where it was made for. It returns the copy.
func (d *Deployer) takeReviewed() (string, error) {
	cfg := d.Config
	copied, got, err := copyReviewed(cfg.PlanFile, d.PlanDir, cfg.Key)
	if err != nil {
		return "", err
	}
	if got != cfg.PlanSHA256 {
		return "", step.Refusef("the plan's sha256 is %s, not the reviewed %s: it is not the plan that was reviewed; nothing was applied", got, cfg.PlanSHA256)
	}
	saved, err := plan.ReadSaved(copied)
	if err != nil {
		return "", step.Refusef("%v; nothing was applied", err)
	}
	b, err := readBinding(cfg.Environment, cfg.BackendConfig, cfg.Dir)
	if err != nil {
		return "", err
	}
	if err := CheckBinding(saved, b); err != nil {
		return "", err
	}
	d.reviewed = saved
	return copied, nil
}

// save writes the plan where plan mode's output points: encrypted with the
// key when there is one, readable only by its owner. It returns the file
// and the sha256 of the plan itself, which the apply checks after
// decrypting.
func (d *Deployer) save(planFile string) (string, string, error) {
	cfg := d.Config
	digest, err := plan.FileSHA256(planFile)
	if err != nil {
		return "", "", err
	}
	name := cfg.Environment + ".tfplan"
	if cfg.Key != nil {
		name += ".age"
	}
	dst := filepath.Join(cfg.PlanOut, name)
	in, err := os.Open(planFile)
	if err != nil {
		return "", "", fmt.Errorf("failed to save the plan: %w", err)
	}
	defer in.Close()
	// A file left by an earlier run is replaced, never written through:
	// it may be a link planted in the workspace.
	if err := os.Remove(dst); err != nil && !os.IsNotExist(err) {
		return "", "", fmt.Errorf("failed to save the plan: %w", err)
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", "", fmt.Errorf("failed to save the plan: %w", err)
	}
	if cfg.Key != nil {
		err = cfg.Key.Encrypt(out, in)
	} else {
		_, err = io.Copy(out, in)
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(dst)
		return "", "", fmt.Errorf("failed to save the plan: %w", err)
	}
	return dst, digest, nil
}

// maskPlanFile masks what a failed plan may have saved before printing
// terraform's errors; a plan that saved nothing has nothing to mask.
func (d *Deployer) maskPlanFile(ctx context.Context, planFile string) {
	if _, err := os.Stat(planFile); err != nil {
		return
	}
	if p, err := d.TF.ShowPlan(ctx, planFile); err == nil {
		for _, v := range policy.Secrets(p) {
			d.Report.Mask(v)
		}
	}
}

func (d *Deployer) printHeld(held *bytes.Buffer) {
	if held.Len() > 0 && d.Log != nil {
		d.Log.Write(held.Bytes())
	}
}

// safe refuses protected destroys and, beyond the first environment,
// applying over changes made outside Terraform.
func (d *Deployer) safe(p *tfjson.Plan) error {
	cfg := d.Config
	var protected []string
	for _, c := range cfg.Protected.PlanDestroys(p) {
		protected = append(protected, string(c.Action)+" "+c.Address)
	}
	if len(protected) > 0 && !cfg.AllowDestroy {
		return step.Refusef("the plan would %s, which are protected; nothing was applied. If that is intended, deploy again with allow-destroy: true", strings.Join(protected, ", "))
	}
	if cfg.Promotion.Order.First() != cfg.Environment && !cfg.AllowDrift {
		if drifted := policy.Reverting(p); len(drifted) > 0 {
			return step.Refusef("%s changed outside Terraform (%s); applying would silently revert it. Codify the change in Terraform first (drift-reconcile shows how), or deploy with allow-drift: true if reverting it is intended; nothing was applied",
				cfg.Environment, strings.Join(drifted, ", "))
		}
	}
	return nil
}

// outputs sets terraform-outputs: the root module's outputs as JSON, with
// secret ones (sensitive, or named like a secret whatever nonsensitive()
// says) masked and shown as "(sensitive)", and secret-named keys inside
// the others redacted.
func (d *Deployer) outputs(ctx context.Context) error {
	outs, err := d.TF.Outputs(ctx)
	if err != nil {
		return err
	}
	shown := map[string]any{}
	for name, o := range outs {
		v, err := decodeJSON(o.Value)
		if err != nil {
			return fmt.Errorf("failed to read output %q: %w", name, err)
		}
		for _, s := range policy.OutputSecrets(name, v, o.Sensitive) {
			d.Report.Mask(s)
		}
		if o.Sensitive || policy.SecretKey(name) {
			shown[name] = plan.Redacted
			continue
		}
		shown[name] = policy.RedactKeys(v, plan.Redacted)
	}
	b, err := json.Marshal(shown)
	if err != nil {
		return err
	}
	d.Report.SetOutput("terraform-outputs", string(b))
	return nil
}

func decodeJSON(b []byte) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	err := dec.Decode(&v)
	return v, err
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
			return step.Refusef("the reviewed plan is stale: the state changed after it was made (another apply, or a change by hand), so terraform refused it and nothing was applied. " +
				"Re-run the workflow with \"Re-run all jobs\", so that its plan job plans again, and review and approve the new plan (re-running only this job would apply the same stale plan)")
		}
		return step.Refusef("the plan went stale: another run changed the state between this run's plan and its apply, so terraform refused it and nothing was applied; deploy again")
	}
	return lockOr(err)
}

func (d *Deployer) setCounts(c policy.Counts) {
	d.Report.SetOutput("has-changes", strconv.FormatBool(c.HasChanges()))
	d.Report.SetOutput("add", strconv.Itoa(c.Add))
	d.Report.SetOutput("change", strconv.Itoa(c.Change))
	d.Report.SetOutput("destroy", strconv.Itoa(c.Destroy))
	d.Report.SetOutput("replace", strconv.Itoa(c.Replace))
}

// finish records the outcome in the outputs, the summary, the deployment
// and, for a break-glass deploy that changed something, the incident
// record.
func (d *Deployer) finish(ctx context.Context, sum *Summary, outcome string, err error) error {
	sum.Outcome = outcome
	if err != nil {
		sum.Error = err.Error()
	}
	d.Report.SetOutput("outcome", outcome)
	d.Report.Summary(sum.ResultMarkdown())
	state := "success"
	if err != nil {
		state = "failure"
	}
	if serr := d.closeRecord(ctx, state, outcome, time.Minute); serr != nil {
		err = errors.Join(err, serr)
	}
	if d.Incidents != nil && (outcome == "applied" || outcome == "failed") {
		rec := incident.Record{Subject: d.Config.Environment, When: d.now(),
			Title: fmt.Sprintf("Break-glass deploy to %s", d.Config.Environment), Body: sum.IncidentMarkdown(d.Who, d.now())}
		if _, ierr := d.Incidents.File(ctx, rec); ierr != nil {
			d.Report.Logger().Warn("failed to file the incident record", "error", ierr)
		}
	}
	if err != nil && errors.Is(err, context.Canceled) {
		return fmt.Errorf("deploy to %s cancelled: %w", d.Config.Environment, err)
	}
	return err
}

func (d *Deployer) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

// closeRecord sets the deployment's final status. The job may be
// cancelled, so it runs on a context of its own; a status can be written
// twice without harm, so it is retried on 5xx, while a lost one would
// leave the deployment in_progress and block the promotion.
func (d *Deployer) closeRecord(ctx context.Context, state, outcome string, timeout time.Duration) error {
	if d.Deployments == nil {
		return nil
	}
	id := d.deploymentID()
	if id == 0 {
		return nil
	}
	rctx, cancel := context.WithTimeout(githubapi.Repeatable(context.WithoutCancel(ctx)), timeout)
	defer cancel()
	if err := d.Deployments.SetStatus(rctx, id, state, d.Config.RunURL, outcome); err != nil {
		return fmt.Errorf("failed to record the deployment status: %w", err)
	}
	return nil
}
