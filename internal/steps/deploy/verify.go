package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"sort"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"google.golang.org/grpc/grpclog"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/cloudrun"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/verify"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Checks after every apply (issue 23): the verify input's checks run
// once the apply (or a plan without changes) is done; the deployment is
// a success only when they pass. A verified deploy records the revision
// each Cloud Run service serves, the known-good revision of a later
// rollback; with on-verify-failure: rollback, a failed check moves the
// traffic of the services back to the known-good revision at once.

// On-verify-failure values.
const (
	OnFailureNone     = "none"
	OnFailureRollback = "rollback"
)

// Verify is how a deploy checks itself after the apply.
type Verify struct {
	// Checks are the verify input's; none: nothing is checked and the
	// deploy is not recorded as verified.
	Checks []verify.Check
	// OnFailure is OnFailureNone or OnFailureRollback.
	OnFailure string
	// Services are the Cloud Run services named by cloud-run-services;
	// empty reads them from the plan.
	Services []Service
	// Endpoint is a Cloud Run emulator's host:port; "" is Cloud Run.
	Endpoint string
	// Backoff is the wait between a check's attempts; nil is
	// verify.ExponentialBackoff.
	Backoff func(int) time.Duration
}

// Service is a Cloud Run service.
type Service struct{ Project, Region, Name string }

func (s Service) String() string { return policy.CloudRunKey(s.Project, s.Region, s.Name) }

// resolveVerify reads the verify inputs: malformed checks, an output the
// root module does not declare and a service that is not
// project/region/service are bad input (exit 2) before terraform runs.
func resolveVerify(rt *step.Runtime, cfg *Config) error {
	in := rt.Inputs
	v := Verify{OnFailure: in.String("on-verify-failure"), Endpoint: in.String("run-endpoint")}
	if v.OnFailure == "" {
		v.OnFailure = OnFailureNone
	}
	checks, err := verify.Parse(in.String("verify"))
	if err != nil {
		return err
	}
	if len(checks) > 0 {
		// A module that does not parse is terraform's to report.
		if declared, derr := verify.DeclaredOutputs(cfg.Dir); derr == nil {
			if err := verify.CheckOutputs(checks, declared); err != nil {
				return err
			}
		}
	}
	v.Checks = checks
	// on-verify-failure without checks does nothing: a workflow may pass
	// its checks from a repository variable that is not set yet.
	for _, line := range in.List("cloud-run-services") {
		s, err := parseService(line)
		if err != nil {
			return step.InputError("cloud-run-services", line, err)
		}
		v.Services = append(v.Services, s)
	}
	if d, err := time.ParseDuration(rt.Getenv("OLYMPUS_VERIFY_BACKOFF")); err == nil {
		// Tests and demos wait less between attempts.
		v.Backoff = func(int) time.Duration { return d }
	}
	cfg.Verify = v
	return nil
}

func parseService(line string) (Service, error) {
	parts := strings.Split(strings.TrimSpace(line), "/")
	if len(parts) != 3 {
		return Service{}, errors.New("name each service as project/region/service, such as olympus-dev-7d1e/us-central1/olympus-api, one a line")
	}
	s := Service{Project: parts[0], Region: parts[1], Name: parts[2]}
	for _, c := range []struct {
		v     string
		check func(string) error
	}{{s.Project, policy.ValidProject}, {s.Region, policy.ValidRegion}, {s.Name, policy.ValidService}} {
		if err := c.check(c.v); err != nil {
			return Service{}, fmt.Errorf("%q: %w", c.v, err)
		}
	}
	return s, nil
}

// cloudRunServices are the Cloud Run services of a plan
// (google_cloud_run_v2_service): all of them, or only those whose
// revision the apply changes (created, updated or replaced), by key.
func cloudRunServices(p *tfjson.Plan, changedOnly bool) []Service {
	if p == nil {
		return nil
	}
	var out []Service
	for _, rc := range p.ResourceChanges {
		if rc == nil || rc.Change == nil || rc.Mode != tfjson.ManagedResourceMode || rc.Type != "google_cloud_run_v2_service" {
			continue
		}
		a := rc.Change.Actions
		if a.Delete() || a.Read() || a.Forget() {
			continue
		}
		if changedOnly && a.NoOp() {
			continue
		}
		vals, _ := rc.Change.After.(map[string]any)
		s := Service{}
		s.Project, _ = vals["project"].(string)
		s.Region, _ = vals["location"].(string)
		s.Name, _ = vals["name"].(string)
		if s.Project == "" || s.Region == "" || s.Name == "" || slices.Contains(out, s) {
			continue
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// CloudRun is what deploy needs of Cloud Run after its checks.
type CloudRun interface {
	// Serving is the revision that serves all of s's traffic, "" when
	// the traffic is split or on no revision.
	Serving(ctx context.Context, s Service) (string, error)
	// Mover moves s's traffic (internal/cloudrun, as traffic-rollback).
	Mover(ctx context.Context, s Service) (*cloudrun.Mover, error)
}

// KnownGoods finds the known-good revision of a service: the one the
// last verified deployment of the environment recorded.
type KnownGoods interface {
	KnownGood(ctx context.Context, env string, s Service) cloudrun.KnownGood
}

// afterApply sets the outputs, runs the checks and, when they fail,
// rolls back as configured. The error of a failed check is a verdict
// (exit 1) that says what was rolled back and what stays applied.
func (d *Deployer) afterApply(ctx context.Context, sum *Summary, outs map[string]terraform.Output) error {
	if err := d.setOutputs(outs); err != nil {
		return err
	}
	v := d.Config.Verify
	if len(v.Checks) == 0 {
		return nil
	}
	values := map[string]any{}
	for name, o := range outs {
		if val, err := decodeJSON(o.Value); err == nil {
			values[name] = val
		}
	}
	console := d.Console
	if console == nil {
		console = io.Discard
	}
	runner := &verify.Runner{Redact: d.Report.Redact, Dir: d.Config.Dir, Env: verify.CommandEnv(os.Environ()), Outputs: values, Backoff: v.Backoff}
	results := runner.Run(ctx, v.Checks)
	for _, r := range results {
		if r.Output != "" {
			fmt.Fprintf(console, "olympus: output of check %d (%s):\n%s\n", r.Check.Entry, r.Target, r.Output)
		}
	}
	d.Report.Summary(verify.Markdown(results))
	passed := verify.Passed(results)
	d.Report.SetOutput("verified", fmt.Sprint(passed))
	d.Report.SetOutput("verify-result", resultJSON(results))
	if passed {
		d.verified = &policy.DeploymentRecord{Verified: true, CloudRun: d.servingRevisions(ctx, sum)}
		return nil
	}
	failed := failedChecks(results)
	stays := fmt.Sprintf("Terraform's changes stay applied (%s; the state is not rolled back): to undo them, revert the commit (git revert %s) and let the pipeline deploy the revert", sum.Counts.String(), shortSHA(d.Config.SHA))
	if !sum.Counts.HasChanges() {
		stays = "this deploy changed nothing, so what fails was already deployed"
	}
	if v.OnFailure != OnFailureRollback {
		return step.Refusef("the checks after the apply failed (%s); the deployment is recorded as a failure. %s. With on-verify-failure: rollback, the traffic of the Cloud Run services moves back to their known-good revision by itself",
			failed, stays)
	}
	rolled, rerr := d.rollBack(ctx, sum, failed, stays)
	if rerr != nil {
		return step.Refusef("the checks after the apply failed (%s), and the rollback did not complete: %v. %s", failed, rerr, stays)
	}
	return step.Refusef("the checks after the apply failed (%s); %s. %s", failed, rolled, stays)
}

// checkedOutcome is the outcome of a deploy once its checks ran:
// verify-failed when they failed (a verdict), else outcome.
func checkedOutcome(outcome string, err error) string {
	if err != nil && step.ExitCode(err) == step.ExitVerdict {
		return "verify-failed"
	}
	return outcome
}

func shortSHA(sha string) string {
	if len(sha) > 12 {
		return sha[:12]
	}
	if sha == "" {
		return "<commit>"
	}
	return sha
}

// failedChecks names the checks that failed, briefly.
func failedChecks(results []verify.Result) string {
	var out []string
	for _, r := range results {
		if !r.Passed {
			out = append(out, fmt.Sprintf("check %d, %s: %s", r.Check.Entry, r.Target, r.Err))
		}
	}
	return listed(out, 3)
}

// resultJSON is the verify-result output: each check's target, whether
// it passed, and why not; every text is redacted already.
func resultJSON(results []verify.Result) string {
	type entry struct {
		Check    int    `json:"check"`
		Target   string `json:"target"`
		Passed   bool   `json:"passed"`
		Attempts int    `json:"attempts"`
		Status   int    `json:"status,omitempty"`
		Error    string `json:"error,omitempty"`
	}
	out := make([]entry, 0, len(results))
	for _, r := range results {
		out = append(out, entry{Check: r.Check.Entry, Target: r.Target, Passed: r.Passed, Attempts: r.Attempts, Status: r.Status, Error: r.Err})
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// services are the Cloud Run services of this deploy: those named, else
// those of the plan (changedOnly: whose revision this apply changed).
func (d *Deployer) services(changedOnly bool) []Service {
	if len(d.Config.Verify.Services) > 0 {
		return d.Config.Verify.Services
	}
	return cloudRunServices(d.plan, changedOnly)
}

// servingRevisions reads the revision each Cloud Run service serves, for
// the verified deployment's record. A service that cannot be read, or
// whose traffic is split, is left out of the record (a rollback then
// falls back to its own rule), saying so.
func (d *Deployer) servingRevisions(ctx context.Context, sum *Summary) map[string]string {
	services := d.services(false)
	if len(services) == 0 || d.Run == nil {
		return nil
	}
	out := map[string]string{}
	for _, s := range services {
		rev, err := d.Run.Serving(ctx, s)
		switch {
		case err != nil:
			d.Report.Logger().Warn("the serving revision is not recorded", "service", s.String(), "error", err)
		case rev == "":
			d.Report.Logger().Warn("the serving revision is not recorded: its traffic is split", "service", s.String())
		default:
			out[s.String()] = rev
		}
	}
	if len(out) > 0 {
		keys := make([]string, 0, len(out))
		for k := range out {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString("Verified: the known-good revision of each service is recorded in the deployment.\n\n| Service | Serving revision |\n|---|---|\n")
		for _, k := range keys {
			fmt.Fprintf(&b, "| `%s` | `%s` |\n", k, out[k])
		}
		d.Report.Summary(b.String() + "\n")
	}
	return out
}

// rollBack moves the traffic of the services whose revision this apply
// changed (or the services named) back to their known-good revision,
// through internal/cloudrun as traffic-rollback does, waits until it
// serves, and files the incident record. It returns what it did, in
// words.
func (d *Deployer) rollBack(ctx context.Context, sum *Summary, failed, stays string) (string, error) {
	cfg := d.Config
	services := d.services(true)
	if len(services) == 0 {
		return "", errors.New("no Cloud Run service to roll back: name them in cloud-run-services (project/region/service), or deploy google_cloud_run_v2_service resources")
	}
	if d.Run == nil {
		return "", errors.New("no Cloud Run client")
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	var done, rows []string
	var errs []error
	for _, s := range services {
		var known cloudrun.KnownGood
		if kg, ok := d.Deployments.(KnownGoods); ok && d.Deployments != nil {
			known = kg.KnownGood(ctx, cfg.Environment, s)
		} else {
			known = cloudrun.KnownGood{Missing: "no GitHub deployments to read the known-good revision from"}
		}
		mover, err := d.Run.Mover(ctx, s)
		if err != nil {
			errs = append(errs, err)
			rows = append(rows, fmt.Sprintf("| `%s` | | | not rolled back: %s |", s, report.Cell(err.Error())))
			continue
		}
		choice, sent, err := mover.Move(ctx, func(st cloudrun.State) (cloudrun.Choice, error) {
			return cloudrun.Choose(st, "", known, false)
		}, func(c cloudrun.Choice) bool { return c.Changed })
		var text string
		switch {
		case !sent && err != nil:
			errs = append(errs, fmt.Errorf("%s: %w", s.Name, err))
			text = "not rolled back: " + err.Error()
		case !sent:
			text = "nothing to do: all traffic is already on " + choice.Target
			done = append(done, fmt.Sprintf("%s already serves %s", s.Name, choice.Target))
		default:
			o := mover.Settle(ctx, choice, err)
			text = o.Text
			if err != nil {
				errs = append(errs, err)
			} else {
				done = append(done, fmt.Sprintf("rolled the traffic of %s back from %s to %s (%s)", s.Name, cloudrun.Describe(choice.From), choice.Target, choice.Rule()))
			}
		}
		d.Report.SetOutput("rolled-back", strings.Join(done, "\n"))
		rows = append(rows, fmt.Sprintf("| `%s` | %s | `%s` | %s |", s, report.Cell(cloudrun.Describe(choice.From)), choice.Target, report.Cell(text+"; "+choice.Rule()+noteOf(choice))))
	}
	body := fmt.Sprintf("## Rollback after failed checks: `%s`\n\n| | |\n|---|---|\n| Commit | `%s` |\n| Who | %s |\n| Run | %s |\n| Failed | %s |\n\n"+
		"| Service | Was serving | Now serving | Outcome |\n|---|---|---|---|\n%s\n\n%s.\n",
		cfg.Environment, cfg.SHA, report.Cell(d.Who), cfg.RunURL, report.Cell(failed), strings.Join(rows, "\n"), stays)
	d.fileIncident(ctx, incident.Record{Subject: cfg.Environment, When: d.now(), Body: body,
		Title: fmt.Sprintf("Rollback after failed checks: %s", cfg.Environment)})
	if len(errs) > 0 {
		return strings.Join(done, "; "), errors.Join(errs...)
	}
	return strings.Join(done, "; "), nil
}

func noteOf(c cloudrun.Choice) string {
	if c.Note == "" {
		return ""
	}
	return " (" + c.Note + ")"
}

// recordVerified records a verified deploy, once its deployment is a
// success: GitHub keeps a deployment's payload as it was created, so the
// record is a deployment of its own, of the same commit and environment,
// whose payload holds the serving revisions (policy.DeploymentRecord)
// and whose status is success. traffic-rollback, and this step's own
// rollback after a failed check, find it (githubapi.LastVerified).
func (d *Deployer) recordVerified(ctx context.Context, state string) error {
	if state != "success" || d.verified == nil || d.Deployments == nil || d.deploymentID() == 0 {
		return nil
	}
	cfg := d.Config
	rctx, cancel := context.WithTimeout(githubapi.Repeatable(context.WithoutCancel(ctx)), time.Minute)
	defer cancel()
	payload := policy.FormatDeploymentPayload(d.payload(""), *d.verified)
	payload["applied_by_deployment"] = d.deploymentID()
	if d.parityNote != "" {
		payload["parity"] = d.parityNote
	}
	id, err := d.Deployments.Create(rctx, cfg.SHA, cfg.Environment, "olympus verified deploy to "+cfg.Environment, payload)
	if err != nil {
		return fmt.Errorf("failed to record the verified deployment: %w", err)
	}
	if err := d.Deployments.SetStatus(rctx, id, "success", cfg.RunURL, "verified"); err != nil {
		return fmt.Errorf("failed to record the verified deployment's status: %w", err)
	}
	d.Report.SetOutput("verified-deployment-id", fmt.Sprint(id))
	return nil
}

// KnownGood reads the last verified deployment of env that records s
// (githubapi.LastVerified): only deployments our own identity made count.
func (g *githubDeployments) KnownGood(ctx context.Context, env string, s Service) cloudrun.KnownGood {
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	self, err := g.identity(ctx)
	if err != nil {
		return cloudrun.KnownGood{Missing: fmt.Sprintf("the verified deployments of %s could not be read (%v)", env, err)}
	}
	key := s.String()
	v, found, why, err := githubapi.LastVerified(ctx, g.client, githubapi.Repo{Owner: g.owner, Name: g.repo, Self: self}, env,
		func(r policy.DeploymentRecord) bool { return r.CloudRun[key] != "" })
	switch {
	case err != nil:
		return cloudrun.KnownGood{Missing: fmt.Sprintf("the verified deployments of %s could not be read (%v)", env, err)}
	case !found:
		return cloudrun.KnownGood{Missing: fmt.Sprintf("no verified deployment of %s made by %s records %s (%s)", env, self, key, why)}
	}
	return cloudrun.KnownGood{Revision: v.Record.CloudRun[key],
		Source: fmt.Sprintf("deployment %d of %s to %s (%s)", v.ID, shortSHA(v.SHA), env, v.Created.UTC().Format(time.RFC3339))}
}

// cloudRunClient dials Cloud Run on first use: a deploy without checks,
// or whose checks pass with no Cloud Run service, never needs
// credentials for it.
type cloudRunClient struct {
	endpoint string
	api      cloudrun.API
	poll     time.Duration
}

func (c *cloudRunClient) dial(ctx context.Context) (cloudrun.API, error) {
	if c.api == nil {
		api, err := cloudrun.Dial(ctx, c.endpoint)
		if err != nil {
			return nil, err
		}
		c.api = api
	}
	return c.api, nil
}

func (c *cloudRunClient) Serving(ctx context.Context, s Service) (string, error) {
	api, err := c.dial(ctx)
	if err != nil {
		return "", err
	}
	m := &cloudrun.Mover{API: api, Project: s.Project, Region: s.Region, Service: s.Name}
	svc, err := api.GetService(ctx, m.Name())
	if err != nil {
		return "", fmt.Errorf("failed to read service %q: %w", s.Name, err)
	}
	serving := map[string]int32{}
	for _, t := range svc.GetTrafficStatuses() {
		serving[path.Base(t.GetRevision())] += t.GetPercent()
	}
	for rev, pct := range serving {
		if pct == 100 && rev != "" && rev != "." {
			return rev, nil
		}
	}
	return "", nil
}

func (c *cloudRunClient) Mover(ctx context.Context, s Service) (*cloudrun.Mover, error) {
	api, err := c.dial(ctx)
	if err != nil {
		return nil, err
	}
	return &cloudrun.Mover{API: api, Project: s.Project, Region: s.Region, Service: s.Name, Poll: c.poll}, nil
}

func (c *cloudRunClient) Close() {
	if c.api != nil {
		c.api.Close()
	}
}

// openCloudRun sets the Cloud Run client of a deploy with checks.
func (d *Deployer) openCloudRun(_ context.Context, rt *step.Runtime) error {
	if len(d.Config.Verify.Checks) == 0 {
		return nil
	}
	c := &cloudRunClient{endpoint: d.Config.Verify.Endpoint, poll: 500 * time.Millisecond}
	if c.endpoint != "" {
		c.poll = 20 * time.Millisecond
	}
	d.Run = c
	d.Console = rt.Stderr
	// gRPC logs its errors to the process's stderr by default: through
	// the step's untrusted stream instead, redacted and fenced.
	grpclog.SetLoggerV2(grpclog.NewLoggerV2(io.Discard, io.Discard, rt.Stderr))
	return nil
}

func (d *Deployer) closeCloudRun() {
	if c, ok := d.Run.(*cloudRunClient); ok {
		c.Close()
	}
}
