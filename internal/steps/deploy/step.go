package deploy

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// run wires a deploy: its Config, the terraform session, the GitHub
// records, and the stop signal's handler; Process does the rest.
func run(ctx context.Context, rt *step.Runtime) error {
	cfg, err := resolve(rt)
	if err != nil {
		return err
	}
	varFiles := cfg.VarFiles
	tf, err := terraform.Open(ctx, terraform.SessionOptions{Dir: cfg.Dir, Engine: cfg.Engine, LockTimeout: cfg.LockTimeout,
		VarFiles: varFiles, Getenv: rt.Getenv, Masks: rt.Report, Log: rt.Stderr, Logger: rt.Log(), ReadPlan: cfg.Policy.reader(terraform.ReadFull)})
	if err != nil {
		return err
	}
	defer tf.Close()
	if w := unreviewedWarning(cfg, rt.GitHub.Actions); w != "" {
		rt.Report.Annotate(step.Annotation{Level: "warning", Title: "olympus: " + cfg.Environment + " is applied without a reviewed plan", Message: w})
	}
	d := &Deployer{Config: cfg, TF: tf, Report: rt.Report, Now: time.Now, Who: step.Who(rt), Command: terraform.Engine(tf.ExecPath())}
	switch records(cfg, rt.GitHub.Actions, rt.GitHub.Token != "") {
	case incidentRecord:
		rt.Log().Warn("break glass: the promotion order is not checked and no GitHub deployment is recorded")
		d.Incidents = incident.New(rt.Report, rt.GitHub, rt.Workdir)
	case noRecord:
		if cfg.Mode == ModeApply {
			rt.Log().Warn("no GitHub token: this deploy is not recorded as a GitHub deployment", "environment", cfg.Environment)
		}
	default:
		client, err := githubapi.New(rt.GitHub, rt.Log(), githubapi.Options{})
		if err != nil {
			return step.Usagef("%v; outside GitHub Actions, pass --github-token, or --break-glass to deploy without GitHub", err)
		}
		owner, repo, _ := strings.Cut(rt.GitHub.Repository, "/")
		if owner == "" || repo == "" || cfg.SHA == "" {
			return step.Usagef("GITHUB_REPOSITORY and GITHUB_SHA are needed to check the promotion; outside GitHub Actions, use --break-glass")
		}
		d.Deployments = &githubDeployments{client: client, owner: owner, repo: repo, production: cfg.Promotion.Order.Production()}
		d.Reviews = &githubReviews{client: client, owner: owner, repo: repo}
	}
	if !cfg.BreakGlass {
		d.Filer = incident.New(rt.Report, rt.GitHub, rt.Workdir)
	}
	if err := d.openCloudRun(ctx, rt); err != nil {
		return err
	}
	defer d.closeCloudRun()
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
			hint := UnlockHint(cfg.Dir, rt.Getenv("TF_DATA_DIR"), cfg.ShownDir, cfg.ShownBackend, d.command())
			fmt.Fprintf(rt.Stderr, "olympus: stopping; %s\n", hint)
			rt.Report.Summary("\n> [!WARNING]\n> The deploy was cancelled. " + strings.ReplaceAll(hint, "\n", "\n> ") + "\n")
		case <-done:
		}
	}()
	return d.Process(ctx)
}
