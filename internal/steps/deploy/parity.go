package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy/parity"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Plan parity on merge (issue 23): a deploy of the default branch
// compares its fresh plan with the change set the merged pull request's
// reviewers were shown, as plan-comment recorded it in its comment
// (package parity), and refuses what nobody reviewed.

// Parity is how a deploy checks its plan against the reviewed one.
type Parity struct {
	// Check: this run deploys the default branch (a push, or a dispatch
	// on it) in one step, without a reviewed plan-file, so its plan is
	// compared with the merged pull request's.
	Check bool
	// Unreviewed is what happens when there is nothing to compare with
	// (no pull request, no record of this environment): warn or refuse.
	Unreviewed parity.Unreviewed
	// AllowUnreviewed applies even what refuses, filing an incident
	// record with Reason.
	AllowUnreviewed bool
	Reason          string
}

// resolveParity reads the parity inputs; bad input is exit 2 before
// terraform runs.
func resolveParity(rt *step.Runtime, cfg *Config) error {
	in := rt.Inputs
	u, err := parity.ParseUnreviewed("unreviewed", in.String("unreviewed"), cfg.Promotion.Order, cfg.Environment)
	if err != nil {
		return err
	}
	p := Parity{Unreviewed: u, AllowUnreviewed: in.Bool("allow-unreviewed"), Reason: strings.TrimSpace(in.String("reason"))}
	if p.AllowUnreviewed && p.Reason == "" {
		return step.InputError("reason", "", errors.New("allow-unreviewed applies a change nobody reviewed, which is recorded as an incident: say why in reason"))
	}
	p.Check = cfg.Mode == ModeApply && cfg.PlanFile == "" && !cfg.BreakGlass &&
		defaultBranchRun(rt.GitHub, cfg.Promotion.AllowedRefs)
	cfg.Parity = p
	return nil
}

// defaultBranchRun reports whether the run deploys the default branch:
// a push to it, or a dispatch on it. The branch is the event's
// repository.default_branch; without one (a payload that lacks it),
// the first allowed ref.
func defaultBranchRun(gh step.GitHub, allowed []string) bool {
	if gh.EventName != "push" && gh.EventName != "workflow_dispatch" {
		return false
	}
	var ev struct {
		Repository struct {
			DefaultBranch string `json:"default_branch"`
		} `json:"repository"`
	}
	_ = json.Unmarshal(gh.Event, &ev)
	if b := ev.Repository.DefaultBranch; b != "" {
		return gh.Ref == "refs/heads/"+b
	}
	return len(allowed) > 0 && gh.Ref == allowed[0]
}

// Reviews finds what a merged pull request's reviewers were shown.
type Reviews interface {
	// Review finds the pull request merged as sha and, on it, our plan
	// comment for the working directory dir (as the input names it).
	Review(ctx context.Context, sha, dir string) (Review, error)
}

// Review is the merged pull request of a commit and our plan comment on
// it.
type Review struct {
	// PR is the pull request's number, 0 when none was merged as the
	// commit (a direct push).
	PR  int
	URL string
	// Comment is the body of our plan comment, "" when there is none.
	Comment string
}

// parityVerdict is what the comparison means for the deploy.
type parityVerdict struct {
	// Markdown is the summary's section.
	Markdown string
	// Note is what the deployment's status says of it.
	Note string
	// Refusal, when set, stops the deploy before anything is applied.
	Refusal error
	// Warning is an annotation, "" for none.
	Warning string
	// Overridden: allow-unreviewed applied what would have been refused;
	// an incident record is filed.
	Overridden bool
}

// maxShownDifferences bounds the summary's list.
const maxShownDifferences = 50

// judgeParity decides, purely, what a deploy does with its comparison:
// r is the review found (lookupErr why none could be read), found and
// findErr the record of env in our comment, c the comparison when a
// record was read.
func judgeParity(p Parity, env, sha string, r Review, lookupErr error, found bool, findErr error, c parity.Comparison) parityVerdict {
	short := sha
	if len(short) > 12 {
		short = short[:12]
	}
	pr := fmt.Sprintf("#%d", r.PR)
	prLink := pr
	if r.URL != "" {
		prLink = fmt.Sprintf("[%s](%s)", pr, r.URL)
	}
	proceed := fmt.Sprintf("Re-run the plan of %s so that its comment records the plan as it is now (review it), then re-run this deploy; "+
		"or dispatch the deploy with allow-unreviewed: true and a reason, which files an incident record", pr)
	var why string
	switch {
	case lookupErr != nil:
		why = fmt.Sprintf("the pull request of %s could not be read (%v), so there is no reviewed plan to compare with", short, lookupErr)
		proceed = "Grant the job pull-requests: read, or dispatch the deploy with allow-unreviewed: true and a reason, which files an incident record"
	case r.PR == 0:
		why = fmt.Sprintf("no pull request was merged as %s (a direct push), so there is no reviewed plan to compare with", short)
		proceed = "Merge changes through a pull request, or dispatch the deploy with allow-unreviewed: true and a reason, which files an incident record"
	case findErr != nil:
		why = fmt.Sprintf("the reviewed change set of %s in the plan comment of %s cannot be read: %v", env, pr, findErr)
	case !found:
		why = fmt.Sprintf("%s has no reviewed change set of %s in an olympus plan comment (the plan did not cover %s, predates the record, or the comment is not ours)", pr, env, env)
	}
	if why != "" {
		v := parityVerdict{Note: "unreviewed"}
		refuses := p.Unreviewed.Refuses() || findErr != nil
		switch {
		case refuses && !p.AllowUnreviewed:
			rule := fmt.Sprintf("unreviewed is %s for %s", p.Unreviewed, env)
			if findErr != nil {
				rule = "a record that cannot be read is refused whatever unreviewed says"
			}
			v.Refusal = step.Refusef("%s; %s, so nothing was applied. %s", why, rule, proceed)
			v.Markdown = fmt.Sprintf("**Plan parity:** refused: %s.\n\n", report.Cell(why))
			return v
		case p.AllowUnreviewed:
			v.Overridden = true
			v.Markdown = fmt.Sprintf("> [!WARNING]\n> **Plan parity:** %s. Applied all the same with allow-unreviewed (reason: %s); an incident record is filed.\n\n",
				report.Cell(why), report.Cell(p.Reason))
		default:
			v.Warning = why + "; applied as unreviewed is warn for " + env
			v.Markdown = fmt.Sprintf("> [!WARNING]\n> **Plan parity:** %s. Applied, since unreviewed is warn for `%s`.\n\n", report.Cell(why), env)
		}
		return v
	}
	if c.Exact {
		return parityVerdict{Note: "exactly what was reviewed in " + pr,
			Markdown: fmt.Sprintf("**Plan parity:** applies exactly what was reviewed in %s.\n\n", prLink)}
	}
	var b strings.Builder
	refusals := c.Refusals()
	v := parityVerdict{}
	switch {
	case len(refusals) > 0 && !p.AllowUnreviewed:
		fmt.Fprintf(&b, "**Plan parity:** refused: the plan differs from what was reviewed in %s in ways nobody reviewed.\n\n", prLink)
	case len(refusals) > 0:
		v.Overridden = true
		fmt.Fprintf(&b, "> [!WARNING]\n> **Plan parity:** the plan differs from what was reviewed in %s in ways nobody reviewed; applied all the same with allow-unreviewed (reason: %s), and an incident record is filed.\n\n",
			prLink, report.Cell(p.Reason))
	default:
		fmt.Fprintf(&b, "**Plan parity:** applies what was reviewed in %s, with %d difference(s) nobody had to review again (shown, applied):\n\n", prLink, len(c.Differences))
	}
	b.WriteString("| Difference | |\n|---|---|\n")
	for i, d := range c.Differences {
		if i == maxShownDifferences {
			fmt.Fprintf(&b, "| and %d more | |\n", len(c.Differences)-i)
			break
		}
		verdict := "applied"
		if d.Refuses() {
			verdict = "**not reviewed**"
		}
		fmt.Fprintf(&b, "| %s | %s |\n", report.Cell(d.String()), verdict)
	}
	b.WriteString("\n")
	if c.Detail != parity.Attributes {
		fmt.Fprintf(&b, "The reviewed plan was recorded at %s detail (it was too large to record every attribute), so differences are named less precisely.\n\n", c.Detail)
	}
	v.Markdown = b.String()
	v.Note = fmt.Sprintf("%d difference(s) from what was reviewed in %s", len(c.Differences), pr)
	if len(refusals) > 0 && !p.AllowUnreviewed {
		var names []string
		for _, d := range refusals {
			names = append(names, d.String())
		}
		v.Refusal = step.Refusef("the plan differs from what was reviewed in %s: %s; nothing was applied. %s",
			pr, listed(names, 5), proceed)
		v.Note = "changes not reviewed in " + pr
	}
	return v
}

// checkParity compares the fresh plan with the reviewed one, when the
// deploy is one to compare, and writes the verdict to the summary.
func (d *Deployer) checkParity(ctx context.Context, shown *terraform.Shown) error {
	cfg := d.Config
	if !cfg.Parity.Check {
		return nil
	}
	var r Review
	var lookupErr error
	if d.Reviews == nil {
		lookupErr = errors.New("no GitHub token")
	} else {
		rctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		r, lookupErr = d.Reviews.Review(rctx, cfg.SHA, cfg.ShownDir)
		cancel()
	}
	var (
		found   bool
		findErr error
		c       parity.Comparison
	)
	if lookupErr == nil && r.PR != 0 && r.Comment != "" {
		var cs *parity.ChangeSet
		cs, found, findErr = parity.FindRecord(r.Comment, cfg.Environment)
		if found && findErr == nil {
			c = parity.Compare(cs, shown.Plan, shown.Secrets)
		}
	}
	v := judgeParity(cfg.Parity, cfg.Environment, cfg.SHA, r, lookupErr, found, findErr, c)
	d.parityNote = v.Note
	d.Report.Summary(v.Markdown)
	if v.Warning != "" {
		d.Report.Annotate(step.Annotation{Level: "warning", Title: "olympus: " + cfg.Environment + " applies a plan nobody reviewed", Message: v.Warning})
	}
	if v.Refusal != nil {
		return v.Refusal
	}
	if v.Overridden {
		d.fileIncident(ctx, incident.Record{Subject: cfg.Environment, When: d.now(),
			Title: fmt.Sprintf("Unreviewed deploy to %s", cfg.Environment),
			Body: fmt.Sprintf("## Unreviewed deploy to `%s`\n\n| | |\n|---|---|\n| Commit | `%s` |\n| Who | %s |\n| Reason | %s |\n| Run | %s |\n\n%s"+
				"Applied with allow-unreviewed. Review the change after the fact, and make sure `main` holds what was applied.\n",
				cfg.Environment, cfg.SHA, report.Cell(d.Who), report.Cell(cfg.Parity.Reason), cfg.RunURL, v.Markdown)})
	}
	// The deployment's final status says what was compared (describe).
	return nil
}

// fileIncident files a record of a deploy that changed something
// without the usual checks; a failure to file is logged, not fatal.
func (d *Deployer) fileIncident(ctx context.Context, rec incident.Record) {
	if d.Filer == nil {
		d.Report.Summary(rec.Body)
		return
	}
	if _, err := d.Filer.File(ctx, rec); err != nil {
		d.Report.Logger().Warn("failed to file the incident record", "error", err)
	}
}

// describe is the deployment status's description of outcome, with what
// plan parity found.
func (d *Deployer) describe(outcome string) string {
	if d.parityNote == "" {
		return outcome
	}
	s := outcome + ": " + d.parityNote
	if len(s) > 140 {
		s = s[:140]
	}
	return s
}

// githubReviews reads pull requests and comments with go-github.
type githubReviews struct {
	client      *github.Client
	owner, repo string
}

func (g *githubReviews) Review(ctx context.Context, sha, dir string) (Review, error) {
	prs, _, err := g.client.PullRequests.ListPullRequestsWithCommit(ctx, g.owner, g.repo, sha, &github.ListOptions{PerPage: 100})
	if err != nil {
		return Review{}, fmt.Errorf("failed to list the pull requests of %s: %w", sha, err)
	}
	pr := mergedAs(prs, sha)
	if pr == nil {
		return Review{}, nil
	}
	r := Review{PR: pr.GetNumber(), URL: pr.GetHTMLURL()}
	self, err := githubapi.Login(ctx, g.client)
	if err != nil {
		return r, err
	}
	marker := parity.CommentMarker(dir)
	var ours []*github.IssueComment
	opts := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	for c, err := range g.client.Issues.ListCommentsIter(ctx, g.owner, g.repo, r.PR, opts) {
		if err != nil {
			return r, fmt.Errorf("failed to list the comments of #%d: %w", r.PR, err)
		}
		// Only our own comment: anyone can write one that carries the
		// marker and a record.
		if strings.HasPrefix(c.GetBody(), marker) && strings.EqualFold(c.GetUser().GetLogin(), self) {
			ours = append(ours, c)
		}
	}
	if len(ours) > 0 {
		// plan-comment keeps the oldest of its comments.
		slices.SortFunc(ours, func(a, b *github.IssueComment) int { return int(a.GetID() - b.GetID()) })
		r.Comment = ours[0].GetBody()
	}
	return r, nil
}

// mergedAs picks the pull request merged as sha: the one whose merge
// commit it is, else the most recently merged one that holds it (a
// rebase or fast-forward merge); nil when none was merged.
func mergedAs(prs []*github.PullRequest, sha string) *github.PullRequest {
	var best *github.PullRequest
	for _, p := range prs {
		if p.MergedAt == nil {
			continue
		}
		if p.GetMergeCommitSHA() == sha {
			return p
		}
		if best == nil || p.GetMergedAt().After(best.GetMergedAt().Time) {
			best = p
		}
	}
	return best
}
