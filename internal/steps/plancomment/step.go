package plancomment

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"time"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/tfinstall"
	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// job is one environment to plan or render.
type job struct {
	env       string
	planJSON  string // given: render this file, run no terraform
	backend   string
	varFiles  []string
	planFile  string // what the outputs name and hash
	shownJSON string
	// planSHA256 is planFile's hash when it was taken while reading it.
	planSHA256 string
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
	// noLock plans without the state lock (the lock input is false).
	noLock      bool
	lockTimeout time.Duration
	engine      tfinstall.Request
	// settle is how long the comment's write is given to show before it
	// is checked.
	settle time.Duration
	// policy is the repository's policies (policy.go); nil for none.
	policy *policies
}

type pullRequest struct {
	Number int
	Labels []struct {
		Name string `json:"name"`
	} `json:"labels"`
}

func run(ctx context.Context, rt *step.Runtime) error {
	cfg, err := resolve(rt)
	if err != nil {
		return err
	}
	pc := &PlanComment{Config: cfg, Report: rt.Report, Footer: footer(rt.GitHub, time.Now()), SummaryURL: rt.GitHub.RunURL()}
	if cfg.toPlan() > 0 {
		var varFiles []string
		for _, j := range cfg.jobs {
			varFiles = append(varFiles, j.varFiles...)
		}
		tf, err := terraform.Open(ctx, terraform.SessionOptions{Dir: cfg.dir, Engine: cfg.engine, LockTimeout: cfg.lockTimeout,
			VarFiles: varFiles, Getenv: rt.Getenv, Masks: rt.Report, Log: rt.Stderr, Prefix: true, ReadPlan: cfg.policy.reader(readLean), Logger: rt.Log()})
		if err != nil {
			return err
		}
		defer tf.Close()
		pc.TF = tf
	}
	pc.Comments = commenter(cfg, rt.GitHub, rt.Report, rt.Log())
	return pc.Process(ctx)
}

// readLean reads a plan with plan.Parse: only what the rendering needs,
// streamed, so that a plan of 100,000 resources is never held whole.
func readLean(r io.Reader) (*tfjson.Plan, []string, error) {
	p, err := plan.Parse(r)
	if err != nil {
		return nil, nil, err
	}
	return p.Plan, p.Secrets, nil
}

// toPlan counts the environments terraform plans (those without plan-json).
func (c *config) toPlan() int {
	n := 0
	for _, j := range c.jobs {
		if j.planJSON == "" {
			n++
		}
	}
	return n
}

func footer(gh step.GitHub, now time.Time) string {
	f := "Planned by olympus plan-comment"
	if sha := gh.SHA; len(sha) >= 7 {
		f += " for " + sha[:7]
	}
	if u := gh.RunURL(); u != "" {
		f += " in [run " + gh.RunID + "](" + u + ")"
	}
	return f + " at " + now.UTC().Format("2006-01-02 15:04 UTC") + "."
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
func commenter(cfg *config, gh step.GitHub, rep step.Reporter, log *slog.Logger) Commenter {
	switch {
	case cfg.mode == "off", !gh.Actions:
		return nil
	case cfg.pr == nil:
		log.Info("not a pull_request event: no comment written", "event", gh.EventName)
		return nil
	}
	return &githubCommenter{gh: gh, cfg: cfg, log: log, redact: rep.Redact}
}

// githubCommenter finds who the token acts as, then keeps the comment.
type githubCommenter struct {
	gh     step.GitHub
	cfg    *config
	log    *slog.Logger
	redact func(string) string
}

func (g *githubCommenter) Upsert(ctx context.Context, plans []*EnvPlan, mode string) (Comment, error) {
	client, err := githubapi.New(g.gh, g.log, githubapi.Options{})
	if err != nil {
		return Comment{}, step.Usagef("input github-token: %v", err)
	}
	login, err := githubapi.Login(ctx, client)
	if err != nil {
		return Comment{}, err
	}
	owner, repo, _ := strings.Cut(g.gh.Repository, "/")
	u := &Upserter{
		Comments: &PRComments{Client: client, Owner: owner, Repo: repo, Number: g.cfg.pr.Number},
		Dir:      g.cfg.shownDir, Log: g.log, Settle: g.cfg.settle, Attempts: 5, Owner: login, Redact: g.redact,
	}
	return u.Upsert(ctx, plans, mode)
}
