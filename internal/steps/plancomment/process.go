package plancomment

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Terraform is what plan-comment needs from terraform: the session
// (terraform.Session). It plans each environment (several at once in
// workers), and masks every plan's secrets before any of terraform's
// output prints.
type Terraform interface {
	PlanEach(ctx context.Context, jobs []terraform.Job) []*terraform.Outcome
}

// Commenter keeps the pull request's comment.
type Commenter interface {
	Upsert(ctx context.Context, plans []*EnvPlan, mode string) (Comment, error)
}

// PlanComment runs one plan-comment: plan (or read) each environment,
// mask its secrets, render, comment, decide.
type PlanComment struct {
	Config *config
	// TF plans the environments that have no plan JSON; nil when all do.
	TF Terraform
	// Comments is nil when no comment is written.
	Comments Commenter
	Report   step.Reporter
	// Footer and SummaryURL go into each section.
	Footer, SummaryURL string

	// secrets are each planned environment's secrets, for its record.
	secrets map[string][]string
}

// Process is the step.
func (pc *PlanComment) Process(ctx context.Context) error {
	cfg := pc.Config
	planned, err := pc.planAll(ctx)
	if err != nil {
		return err
	}
	var plans []*EnvPlan
	for _, j := range cfg.jobs {
		p, secrets := planned[j.env], pc.secrets[j.env]
		if p == nil {
			if p, secrets, err = readPlanJSON(j); err != nil {
				return err
			}
			for _, v := range secrets {
				pc.Report.Mask(v)
			}
		}
		e := &EnvPlan{Environment: j.env, Plan: p, Protected: cfg.protected, Order: cfg.order, Redact: pc.Report.Redact,
			PlanFile: j.planFile, SummaryURL: pc.SummaryURL, Footer: pc.Footer}
		if e.Record, err = reviewedRecord(j.env, p, secrets, len(cfg.order)); err != nil {
			return err
		}
		plans = append(plans, e)
	}
	if err := pc.judge(ctx, plans); err != nil {
		return err
	}
	if err := pc.report(plans); err != nil {
		return err
	}
	if pc.Comments != nil {
		c, err := pc.Comments.Upsert(ctx, plans, cfg.mode)
		if err != nil {
			return err
		}
		pc.Report.SetOutput("comment-url", c.URL)
	}
	return joinVerdicts(verdict(plans, cfg.pr, cfg.label, pc.Report), policyVerdict(plans))
}

// planAll plans the environments that have no plan JSON, all at once:
// their plans by environment, or the first failure.
func (pc *PlanComment) planAll(ctx context.Context) (map[string]*tfjson.Plan, error) {
	cfg := pc.Config
	var jobs []terraform.Job
	for _, j := range cfg.jobs {
		if j.planJSON != "" {
			continue
		}
		tj := terraform.Job{Environment: j.env, Backend: j.backend, NoLock: cfg.noLock, Plans: []terraform.PlanSpec{{Out: j.planFile}}}
		tj.VarFiles = j.varFiles
		jobs = append(jobs, tj)
	}
	planned := map[string]*tfjson.Plan{}
	if len(jobs) == 0 {
		return planned, nil
	}
	for _, o := range pc.TF.PlanEach(ctx, jobs) {
		if o.Err != nil {
			return nil, fmt.Errorf("%s: %w", o.Environment, o.Err)
		}
		planned[o.Environment] = o.Plans[0].Plan
		if pc.secrets == nil {
			pc.secrets = map[string][]string{}
		}
		pc.secrets[o.Environment] = o.Plans[0].Secrets
	}
	return planned, nil
}

// report sets the outputs and writes the full rendering to the summary.
func (pc *PlanComment) report(plans []*EnvPlan) error {
	cfg := pc.Config
	var total policy.Counts
	var files, sums []string
	for i, e := range plans {
		total = total.Plus(policy.Count(e.Plan))
		j := cfg.jobs[i]
		files = append(files, j.env+"="+j.planFile)
		sum := j.planSHA256
		if sum == "" {
			var err error
			if sum, err = plan.FileSHA256(j.planFile); err != nil {
				return err
			}
		}
		sums = append(sums, j.env+"="+sum)
	}
	out := pc.Report
	report.SetCounts(out, total)
	out.SetOutput("protected-destroys", strconv.Itoa(len(protectedDestroys(plans))))
	out.SetOutput("plan-files", strings.Join(files, "\n"))
	out.SetOutput("plan-sha256", strings.Join(sums, "\n"))

	// The summary has the full rendering, within its own limit.
	share := report.SummaryShare(len(plans))
	var summary strings.Builder
	fmt.Fprintf(&summary, "## Terraform plan: %s\n\n", report.Code(cfg.shownDir))
	for _, e := range plans {
		full := *e
		full.SummaryURL = ""
		summary.WriteString(FitSection(&full, share) + "\n")
	}
	out.Summary(summary.String())
	return nil
}
