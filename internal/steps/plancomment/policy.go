package plancomment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	sarifreport "github.com/owenrumney/go-sarif/v3/pkg/report"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/regopolicy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// The repository's own Rego policies over each environment's plan (see
// internal/regopolicy): a section of each environment's comment,
// annotations, a SARIF file, outputs, and a refusal on any denial.

// plan-comment's policy inputs and outputs.
var (
	policyPathInput = step.Input{Name: "policy-path",
		Description: "Directory of Rego policies judging each environment's plan (Conftest convention: deny, violation and warn rules in any package; the plan JSON, redacted, as input; data.olympus with environment, working_directory and labels), relative to the workspace. " +
			"A denial fails the step. Default: the policy-path olympus.yaml gives the project, else policy/ when it exists; none turns the policies off."}
	policySARIFInput = step.Input{Name: "policy-sarif-file",
		Description: "Where to write the SARIF 2.1.0 log of the policies' denials and warnings, relative to the workspace. Default: none written."}
	policyDenialsOutput  = step.Output{Name: "policy-denials", Description: "Denials of the policies, all environments."}
	policyWarningsOutput = step.Output{Name: "policy-warnings", Description: "Warnings of the policies, all environments."}
)

// policies is the policy check of one run; nil when there are no
// policies.
type policies struct {
	set *regopolicy.Set
	// capture keeps the JSON of the plans terraform shows.
	capture regopolicy.Capture
	// sarif is where the SARIF log goes ("" for none).
	sarif string
}

// resolvePolicies reads policy-path and policy-sarif-file and compiles the
// policies once for the run. A malformed policy is bad input, annotated at
// its file and line.
func resolvePolicies(rt *step.Runtime, workingDir string) (*policies, error) {
	sarifPath := ""
	if v := rt.Inputs.String("policy-sarif-file"); v != "" {
		var err error
		if sarifPath, err = rt.OutputPath("policy-sarif-file", v); err != nil {
			return nil, err
		}
	}
	dir, shown, err := rt.ConfiguredDir("policy-path", regopolicy.Off, func(ws string) (string, string, error) { return regopolicy.Default(ws, workingDir) })
	if err != nil || dir == "" {
		return nil, err
	}
	set, err := regopolicy.Load(dir, shown)
	if err != nil {
		return nil, regopolicy.BadInput(rt.Report.Annotate, shown, err)
	}
	if set.Rules == 0 {
		rt.Log().Info("no deny, violation or warn rule in the policies", "policy-path", shown, "files", len(set.Files))
	}
	return &policies{set: set, sarif: sarifPath}, nil
}

// reader is how the step reads a plan terraform shows: as given, or kept
// for the policies too.
func (p *policies) reader(read regopolicy.ReadPlan) regopolicy.ReadPlan {
	if p == nil {
		return read
	}
	return p.capture.Wrap(read)
}

// judge evaluates the policies over every plan at once and hangs each
// environment's results on its section, then reports them: annotations,
// the SARIF log and the outputs.
func (pc *PlanComment) judge(ctx context.Context, plans []*EnvPlan) error {
	pol := pc.Config.policy
	if pol == nil {
		return nil
	}
	var labels []string
	if pr := pc.Config.pr; pr != nil {
		for _, l := range pr.Labels {
			labels = append(labels, l.Name)
		}
	}
	in := make([]regopolicy.Plan, len(plans))
	for i, e := range plans {
		j := pc.Config.jobs[i]
		open := pol.capture.Open(e.Plan)
		if j.planJSON != "" {
			file := j.planJSON
			open = func() (io.ReadCloser, error) { return os.Open(file) }
		}
		in[i] = regopolicy.Plan{Open: open,
			Data: regopolicy.Data{Environment: e.Environment, WorkingDirectory: pc.Config.shownDir, Labels: labels}}
	}
	results, err := pol.set.Evaluate(ctx, in, pc.Report.Redact)
	if err != nil {
		var ee *regopolicy.EvalError
		if errors.As(err, &ee) {
			pc.Report.Annotate(step.Annotation{Level: "error", File: ee.Err.File, Line: ee.Err.Line, Title: "olympus: policy failed", Message: ee.Error()})
			return step.InputError("policy-path", pol.set.Dir, err)
		}
		return err
	}
	denials, warnings := 0, 0
	for i, e := range plans {
		r := results[i]
		e.Policy = &PolicyResults{Results: r, Dir: pol.set.Dir, Rules: pol.set.Rules}
		denials += len(r.Denials)
		warnings += len(r.Warnings)
		for _, d := range r.Denials {
			pc.Report.Annotate(step.Annotation{Level: "error", File: d.File, Line: d.Line, Title: "olympus: policy denies the plan of " + e.Environment + " (" + ruleName(d) + ")", Message: d.Message})
		}
		for _, w := range r.Warnings {
			pc.Report.Annotate(step.Annotation{Level: "warning", File: w.File, Line: w.Line, Title: "olympus: policy warns on the plan of " + e.Environment + " (" + ruleName(w) + ")", Message: w.Message})
		}
	}
	pc.Report.SetOutput("policy-denials", strconv.Itoa(denials))
	pc.Report.SetOutput("policy-warnings", strconv.Itoa(warnings))
	if pol.sarif != "" {
		if err := writePolicySARIF(pol.sarif, results, pc.Report.Redact); err != nil {
			return err
		}
	}
	return nil
}

// policyVerdict refuses the plans the policies deny. A denial has no
// override here: a rule that allows an exception reads it itself (a label,
// in data.olympus.labels).
func policyVerdict(plans []*EnvPlan) error {
	var named []string
	n := 0
	for _, e := range plans {
		if e.Policy == nil {
			continue
		}
		for _, d := range e.Policy.Denials {
			n++
			if len(named) < 10 {
				named = append(named, fmt.Sprintf("%s: %s (%s, %s:%d)", e.Environment, oneLine(d.Message, 200), ruleName(d), d.File, d.Line))
			}
		}
	}
	if n == 0 {
		return nil
	}
	more := ""
	if n > len(named) {
		more = fmt.Sprintf("; and %d more", n-len(named))
	}
	return step.Refusef("the policies deny the plan %d time(s): %s%s; change the plan, or meet the exception the rule reads", n, strings.Join(named, "; "), more)
}

// joinVerdicts returns the refusals of both verdicts as one.
func joinVerdicts(a, b error) error {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return step.Refusef("%v; %v", a, b)
}

// PolicyResults are one environment's policy results, for its section.
type PolicyResults struct {
	regopolicy.Results
	// Dir is the policy directory as shown; Rules how many rule
	// definitions judged the plan.
	Dir   string
	Rules int
}

// maxPolicyLines bounds the results listed per kind in a section.
const maxPolicyLines = 50

// policySection writes the policies' part of a section: denials first,
// then warnings; at HeadlineOnly only the denials, fewer of them.
func (e *EnvPlan) policySection(b *strings.Builder, detail Detail) {
	r := e.Policy
	if r == nil {
		return
	}
	if len(r.Denials) == 0 && len(r.Warnings) == 0 {
		fmt.Fprintf(b, "**Policies** (%s, %d rule(s)): passed.\n\n", report.Code(r.Dir), r.Rules)
		return
	}
	fmt.Fprintf(b, "#### Policies (%s): %d denied, %d warning(s)\n\n", report.Code(r.Dir), len(r.Denials), len(r.Warnings))
	limit := maxPolicyLines
	if detail == HeadlineOnly {
		limit = 10
	}
	if len(r.Denials) > 0 {
		b.WriteString("> [!CAUTION]\n> **Denied by policy.** The plan cannot pass until the plan changes or the rule's exception is met:\n")
		policyLines(b, r.Denials, limit, "> ")
		b.WriteString("\n")
	}
	if len(r.Warnings) > 0 && detail != HeadlineOnly {
		b.WriteString("Warnings:\n")
		policyLines(b, r.Warnings, limit, "")
		b.WriteString("\n")
	}
}

func policyLines(b *strings.Builder, rs []regopolicy.Result, limit int, prefix string) {
	for i, r := range rs {
		if i == limit {
			fmt.Fprintf(b, "%s- … and %d more\n", prefix, len(rs)-i)
			return
		}
		fmt.Fprintf(b, "%s- %s — %s in %s\n", prefix, report.Line(oneLine(r.Message, 500)), report.Code(ruleName(r)), report.Code(fmt.Sprintf("%s:%d", r.File, r.Line)))
	}
}

// ruleName is a result's rule with its package: terraform.sql.deny.
func ruleName(r regopolicy.Result) string {
	return strings.TrimPrefix(r.Package, "data.") + "." + r.Rule
}

// oneLine puts s on one line, cut to at most n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// writePolicySARIF writes every environment's results as one SARIF run,
// each result at its policy's file and line.
func writePolicySARIF(file string, results []regopolicy.Results, redact func(string) string) error {
	rep := sarifreport.NewV210Report()
	run := sarif.NewRunWithInformationURI("olympus-policy", "https://www.openpolicyagent.org/docs/policy-language")
	add := func(env string, r regopolicy.Result, level string) {
		id := ruleName(r)
		run.AddRule(id).WithDescription("Rego rule " + id + " over the Terraform plan")
		run.AddDistinctArtifact(r.File)
		run.CreateResultForRule(id).
			WithLevel(level).
			WithMessage(sarif.NewTextMessage(redact(env + ": " + r.Message))).
			AddLocation(sarif.NewLocationWithPhysicalLocation(
				sarif.NewPhysicalLocation().
					WithArtifactLocation(sarif.NewSimpleArtifactLocation(r.File)).
					WithRegion(sarif.NewRegion().WithStartLine(max(r.Line, 1))))).
			WithProperties(sarif.NewPropertyBag().Add("environment", env))
	}
	for _, res := range results {
		for _, d := range res.Denials {
			add(res.Environment, d, "error")
		}
		for _, w := range res.Warnings {
			add(res.Environment, w, "warning")
		}
	}
	rep.AddRun(run)
	if err := rep.Validate(); err != nil {
		return fmt.Errorf("failed to build a valid SARIF log: %w", err)
	}
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("failed to write %q: %w", file, err)
	}
	if err := rep.PrettyWrite(f); err != nil {
		f.Close()
		return fmt.Errorf("failed to write %q: %w", file, err)
	}
	return f.Close()
}
