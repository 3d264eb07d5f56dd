package reconcile

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/steps/reconcile/codify"
)

func run(ctx context.Context, rt *step.Runtime) error {
	cfg, err := resolve(rt)
	if err != nil {
		return err
	}
	var varFiles []string
	for _, vfs := range cfg.VarFiles {
		varFiles = append(varFiles, vfs...)
	}
	// Every environment in a worker of its own, one alone too: the
	// module's .terraform is never touched.
	tf, err := terraform.Open(ctx, terraform.SessionOptions{Dir: cfg.Dir, Engine: cfg.Engine, LockTimeout: cfg.LockTimeout,
		VarFiles: varFiles, Getenv: rt.Getenv, Masks: rt.Report, Log: rt.Stderr, Isolated: true, Logger: rt.Log()})
	if err != nil {
		return err
	}
	defer tf.Close()
	r := &Reconciler{Config: cfg, Report: rt.Report, Log: rt.Log(), Now: time.Now,
		RunURL: rt.GitHub.RunURL(), SHA: rt.GitHub.SHA, Redact: rt.Report.Redact}
	if rt.GitHub.Token != "" && rt.GitHub.Repository != "" {
		client, err := githubapi.New(rt.GitHub, rt.Log(), githubapi.Options{})
		if err != nil {
			return step.Usagef("input github-token: %v", err)
		}
		// Who we are decides which issues are ours: read it before any
		// terraform runs, so that a bad token fails fast.
		author, err := githubapi.Login(ctx, client)
		if err != nil {
			return err
		}
		owner, repo, _ := strings.Cut(rt.GitHub.Repository, "/")
		r.Tracker = &Tracker{Issues: &repoIssues{client: client, owner: owner, repo: repo}, Label: cfg.Label, Author: author,
			Redact: r.Redact, Settle: cfg.Settle, Log: rt.Log()}
	} else {
		rt.Log().Warn("no GitHub token or repository: drift is reported in the summary only, no issue is written")
	}
	dir, err := os.MkdirTemp("", "olympus-drift-")
	if err != nil {
		return fmt.Errorf("failed to create a private directory for the plans: %w", err)
	}
	defer os.RemoveAll(dir)
	r.Detector = &sessionDetector{tf: tf, cfg: cfg, dir: dir, refreshOnly: refreshOnlyNeeded(tf.Version()), log: rt.Log()}
	r.Locate = func(e string) Locator {
		c, err := codify.Load(cfg.Dir, lastOf(cfg.VarFiles[e]))
		if err != nil {
			rt.Log().Warn("the configuration could not be read: no codify hints", "environment", e, "error", err)
			return noLocator{}
		}
		return c
	}
	return r.Process(ctx)
}

// noLocator stands in when the configuration cannot be read.
type noLocator struct{}

func (noLocator) Locate(string, []string) codify.Location {
	return codify.Location{Kind: codify.NoBlock, Note: "the configuration could not be read"}
}
func (noLocator) Ignored(string, []string) bool { return false }

// Reconciler runs one drift-reconcile.
type Reconciler struct {
	Config   *Config
	Detector Detector
	// Locate returns the codify locator of an environment.
	Locate func(env string) Locator
	// Tracker keeps the issues; nil without GitHub.
	Tracker *Tracker
	Report  step.Reporter
	Redact  func(string) string
	Log     *slog.Logger
	Now     func() time.Time
	RunURL  string
	SHA     string
}

// Process detects drift in every environment at once, masks every secret
// the plans hold, analyses each environment, reverts where asked, keeps
// the issues, and reports.
func (r *Reconciler) Process(ctx context.Context) error {
	cfg := r.Config
	found, failed := r.Detector.Detect(ctx, cfg.Environments)
	// Masks first: nothing of a plan is printed before its secrets are.
	for _, e := range cfg.Environments {
		if d := found[e]; d != nil {
			maskPlans(r.Report, d.Refresh, d.Normal)
		}
	}
	var reports []*EnvReport
	var errs []error
	var refusals, unchecked []string
	for _, e := range cfg.Environments {
		d := found[e]
		if d == nil {
			errs = append(errs, failed[e])
			unchecked = append(unchecked, e)
			continue
		}
		rep := &EnvReport{Environment: e, Dir: cfg.ShownDir, Checked: r.Now(), RunURL: r.RunURL, SHA: r.SHA, Redact: r.Report.Redact,
			Findings: Analyze(d.Refresh, d.Normal, NewSchema(d.Schema), r.Locate(e))}
		if cfg.Revert {
			rep.Revert = r.revert(ctx, e, rep, d.Normal)
			switch {
			case rep.Revert == nil:
			case rep.Revert.Outcome == "refused":
				refusals = append(refusals, e+": "+rep.Revert.Detail)
			case rep.Revert.Outcome == "failed":
				errs = append(errs, fmt.Errorf("%s: revert failed: %s", e, rep.Revert.Detail))
			}
		}
		reports = append(reports, rep)
	}
	urls, err := r.track(ctx, reports)
	errs = append(errs, err)
	r.output(reports, urls, unchecked)
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if len(refusals) > 0 {
		return step.Refusef("revert refused: %s", strings.Join(refusals, "; "))
	}
	if cfg.FailOnDrift {
		var drifted []string
		for _, rep := range reports {
			if rep.Findings.Drifted() {
				drifted = append(drifted, rep.Environment)
			}
		}
		if len(drifted) > 0 {
			return step.Refusef("drift found in %s (fail-on-drift is set)", strings.Join(drifted, ", "))
		}
	}
	return nil
}

// revert applies the environment's saved plan when the decision allows.
func (r *Reconciler) revert(ctx context.Context, e string, rep *EnvReport, normal *tfjson.Plan) *RevertResult {
	apply, refusal := revertDecision(rep.Findings, normal, r.Config.Protected)
	switch {
	case refusal != "":
		return &RevertResult{Outcome: "refused", Detail: refusal}
	case !apply:
		return nil
	}
	counts := policy.Count(normal)
	if err := r.Detector.Revert(ctx, e); err != nil {
		return &RevertResult{Outcome: "failed", Counts: counts, Detail: err.Error()}
	}
	// The code is applied: what it manages matches it again. Pinned
	// traffic is not Terraform's and stays, and so does what the plan did
	// not change back.
	var kept []ResourceDrift
	for _, res := range rep.Findings.Resources {
		if res.Revert == policy.NoOp {
			kept = append(kept, res)
		} else {
			rep.Reverted = append(rep.Reverted, res)
		}
	}
	rep.Findings.Resources = kept
	return &RevertResult{Outcome: "applied", Counts: counts}
}

// track keeps each environment's issue; an environment whose issue fails
// does not stop the others.
func (r *Reconciler) track(ctx context.Context, reports []*EnvReport) (map[string]string, error) {
	urls := map[string]string{}
	if r.Tracker == nil {
		for _, rep := range reports {
			rep.FirstSeen = rep.Checked
		}
		return urls, nil
	}
	var errs []error
	for _, rep := range reports {
		s, err := r.Tracker.Sync(ctx, rep)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if s.URL != "" && s.Action != "none" {
			urls[rep.Environment] = s.URL
			r.Log.Info("drift issue "+s.Action, "environment", rep.Environment, "issue", s.Number, "url", s.URL)
		}
	}
	return urls, errors.Join(errs...)
}

// output sets the outputs and writes the summary. The outputs say what
// was found; what an environment that could not be checked (unchecked)
// leaves open is "unknown", never false or 0.
func (r *Reconciler) output(reports []*EnvReport, urls map[string]string, unchecked []string) {
	var drifted, lines []string
	count := 0
	for _, rep := range reports {
		if rep.Findings.Drifted() {
			drifted = append(drifted, rep.Environment)
			count += rep.Findings.Count()
		}
		if u := urls[rep.Environment]; u != "" {
			lines = append(lines, rep.Environment+"="+u)
		}
	}
	isDrifted, resources := strconv.FormatBool(len(drifted) > 0), strconv.Itoa(count)
	if len(unchecked) > 0 {
		resources = "unknown"
		if len(drifted) == 0 {
			isDrifted = "unknown"
		}
		r.Log.Warn("drift unknown: environments could not be checked", "environments", strings.Join(unchecked, ","))
	}
	r.Report.SetOutput("drifted", isDrifted)
	r.Report.SetOutput("drifted-environments", strings.Join(drifted, ","))
	r.Report.SetOutput("resources", resources)
	r.Report.SetOutput("issue-urls", strings.Join(lines, "\n"))
	if len(reports) == 0 {
		return
	}
	var b strings.Builder
	share := report.SummaryShare(len(reports))
	for _, rep := range reports {
		b.WriteString(rep.Markdown(share))
		if u := urls[rep.Environment]; u != "" {
			fmt.Fprintf(&b, "\nIssue: %s\n", u)
		}
		b.WriteString("\n")
	}
	r.Report.Summary(b.String())
}
