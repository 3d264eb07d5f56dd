package deploy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/regopolicy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// The repository's own Rego policies (see internal/regopolicy), judging
// the plan a deploy applies: in plan mode before the approval, and again,
// on the reviewed plan itself, before it is applied. Any denial refuses
// the deploy; a rule that allows an exception reads it itself
// (data.olympus.labels).

var (
	policyPathInput = step.Input{Name: "policy-path",
		Description: "Directory of Rego policies judging the plan before it is applied (and in plan mode, before the approval), as plan-comment does, relative to the workspace; any denial refuses the deploy. " +
			"Default: the policy-path olympus.yaml gives the project, else policy/ when it exists; none turns the policies off."}
	policyLabelsInput = step.Input{Name: "policy-labels",
		Description: "Labels the policies read as data.olympus.labels, comma-separated, such as the labels of the pull request that was merged (a rule's exception). Default: the pull request's labels in a pull_request event, else none."}
)

// Policies is a deploy's policy check.
type Policies struct {
	Set *regopolicy.Set
	// Labels are data.olympus.labels.
	Labels  []string
	capture regopolicy.Capture
}

// resolvePolicies reads policy-path and policy-labels, and compiles the
// policies; nil when there are none. A malformed policy is bad input,
// annotated at its file and line.
func resolvePolicies(rt *step.Runtime, workingDir string) (*Policies, error) {
	dir, shown, err := rt.ConfiguredDir("policy-path", regopolicy.Off, func(ws string) (string, string, error) { return regopolicy.Default(ws, workingDir) })
	if err != nil || dir == "" {
		return nil, err
	}
	set, err := regopolicy.Load(dir, shown)
	if err != nil {
		return nil, regopolicy.BadInput(rt.Report.Annotate, shown, err)
	}
	p := &Policies{Set: set, Labels: rt.Inputs.List("policy-labels")}
	if _, given := rt.Inputs.Lookup("policy-labels"); !given || rt.Inputs.String("policy-labels") == "" {
		p.Labels = eventLabels(rt.GitHub)
	}
	return p, nil
}

// eventLabels are the labels of the pull request of a pull_request event.
func eventLabels(gh step.GitHub) []string {
	if !strings.HasPrefix(gh.EventName, "pull_request") || len(gh.Event) == 0 {
		return nil
	}
	var ev struct {
		PullRequest *struct {
			Labels []struct {
				Name string `json:"name"`
			} `json:"labels"`
		} `json:"pull_request"`
	}
	if err := json.Unmarshal(gh.Event, &ev); err != nil || ev.PullRequest == nil {
		return nil
	}
	var out []string
	for _, l := range ev.PullRequest.Labels {
		out = append(out, l.Name)
	}
	return out
}

// reader is how the session reads a plan: kept for the policies too when
// there are some.
func (p *Policies) reader(read regopolicy.ReadPlan) regopolicy.ReadPlan {
	if p == nil {
		return read
	}
	return p.capture.Wrap(read)
}

// judge evaluates the policies over the plan shown, writes their results
// to the summary and as annotations, and refuses the plan on any denial.
func (d *Deployer) judge(ctx context.Context, p *tfjson.Plan) error {
	pol := d.Config.Policy
	if pol == nil {
		return nil
	}
	open := pol.capture.Open(p)
	if open == nil {
		return fmt.Errorf("failed to judge the plan: the policies were not given the plan's JSON")
	}
	cfg := d.Config
	results, err := pol.Set.Evaluate(ctx, []regopolicy.Plan{{Open: open,
		Data: regopolicy.Data{Environment: cfg.Environment, WorkingDirectory: cfg.ShownDir, Labels: pol.Labels}}}, d.Report.Redact)
	if err != nil {
		var ee *regopolicy.EvalError
		if errors.As(err, &ee) {
			d.Report.Annotate(step.Annotation{Level: "error", File: ee.Err.File, Line: ee.Err.Line, Title: "olympus: policy failed", Message: ee.Error()})
			return step.InputError("policy-path", pol.Set.Dir, err)
		}
		return err
	}
	r := results[0]
	for _, x := range r.Denials {
		d.Report.Annotate(step.Annotation{Level: "error", File: x.File, Line: x.Line, Title: "olympus: policy denies the plan of " + cfg.Environment + " (" + ruleName(x) + ")", Message: x.Message})
	}
	for _, x := range r.Warnings {
		d.Report.Annotate(step.Annotation{Level: "warning", File: x.File, Line: x.Line, Title: "olympus: policy warns on the plan of " + cfg.Environment + " (" + ruleName(x) + ")", Message: x.Message})
	}
	d.Report.Summary(policyMarkdown(pol.Set, r))
	if len(r.Denials) == 0 {
		return nil
	}
	var named []string
	for i, x := range r.Denials {
		if i == 10 {
			named = append(named, fmt.Sprintf("and %d more", len(r.Denials)-i))
			break
		}
		named = append(named, fmt.Sprintf("%s denies: %s (%s:%d)", ruleName(x), oneLine(x.Message), x.File, x.Line))
	}
	return step.Refusef("the policies deny the plan of %s: %s; nothing was applied. Change the plan, or meet the exception the rule reads", cfg.Environment, strings.Join(named, "; "))
}

// policyMarkdown is the policies' part of the summary.
func policyMarkdown(set *regopolicy.Set, r regopolicy.Results) string {
	var b strings.Builder
	if len(r.Denials) == 0 && len(r.Warnings) == 0 {
		fmt.Fprintf(&b, "**Policies** (`%s`, %d rule(s)): passed.\n", set.Dir, set.Rules)
		return b.String()
	}
	fmt.Fprintf(&b, "### Policies (`%s`): %d denied, %d warning(s)\n\n| | Rule | Where | Message |\n|---|---|---|---|\n", set.Dir, len(r.Denials), len(r.Warnings))
	for _, x := range r.Denials {
		fmt.Fprintf(&b, "| deny | `%s` | `%s:%d` | %s |\n", ruleName(x), x.File, x.Line, report.Cell(oneLine(x.Message)))
	}
	for _, x := range r.Warnings {
		fmt.Fprintf(&b, "| warn | `%s` | `%s:%d` | %s |\n", ruleName(x), x.File, x.Line, report.Cell(oneLine(x.Message)))
	}
	return b.String()
}

func ruleName(r regopolicy.Result) string {
	return strings.TrimPrefix(r.Package, "data.") + "." + r.Rule
}

// oneLine puts a message on one line, at most 300 runes.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		return string(r[:300]) + "…"
	}
	return strings.NewReplacer("<", "&lt;", ">", "&gt;", "`", "'").Replace(s)
}
