package plancomment

import (
	"fmt"
	"sort"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
)

// Detail is how much of a plan a section shows; a section too long for the
// comment is rendered again with less.
type Detail int

const (
	// Full shows every change with its changed attributes.
	Full Detail = iota
	// AddressesOnly lists every changed address, without attributes.
	AddressesOnly
	// HeadlineOnly keeps the counts and the protected-resource warning.
	HeadlineOnly
)

// EnvPlan is one environment's plan, ready to render.
type EnvPlan struct {
	Environment string
	Plan        *tfjson.Plan
	// Protected are the resource types whose destruction needs a label.
	Protected policy.Protected
	// Order is the promotion order; sections are listed in it.
	Order policy.Order
	// Redact, when set, is applied to every value before it is cut or
	// escaped for Markdown.
	Redact func(string) string
	// Where the full plan is, said when a section is shortened.
	PlanFile   string
	SummaryURL string
	// Footer is a last line, such as the commit the plan was made for.
	Footer string
	// Record is the hidden line that carries the digest of the reviewed
	// change set (parity.Marker), written before the section; "" for none.
	Record string
	// Policy is what the repository's policies said of the plan; nil
	// when there are none (policy.go).
	Policy *PolicyResults

	// changes and byAddr are computed once: a section is rendered several
	// times while it is fitted.
	changes []policy.Change
	byAddr  map[string]*tfjson.ResourceChange
}

func (e *EnvPlan) index() {
	if e.byAddr != nil {
		return
	}
	e.changes = policy.Changes(e.Plan)
	e.byAddr = map[string]*tfjson.ResourceChange{}
	if e.Plan == nil {
		return
	}
	for _, rc := range e.Plan.ResourceChanges {
		if rc != nil {
			e.byAddr[rc.Address] = rc
		}
	}
}

// ProtectedDestroys lists the protected resources the plan destroys or
// replaces.
func (e *EnvPlan) ProtectedDestroys() []policy.Change {
	e.index()
	return e.Protected.Destroys(e.changes)
}

// Headline is the one line that always stays: counts or "No changes".
func Headline(p *tfjson.Plan) string {
	c := policy.Count(p)
	if !c.HasChanges() {
		if n := len(policy.Drifted(p)); n > 0 {
			return fmt.Sprintf("No changes. %d resource(s) changed outside Terraform.", n)
		}
		return "No changes."
	}
	return c.String() + "."
}

// groups are the action groups in the order reviewers need them: what is
// lost first.
var groups = []struct {
	action policy.Action
	title  string
}{
	{policy.Delete, "Destroy"},
	{policy.Replace, "Replace"},
	{policy.Update, "Update in place"},
	{policy.Create, "Create"},
	{policy.Forget, "Remove from state (forget)"},
}

// Render renders one environment's section at the given detail. limit,
// when above zero, caps the number of addresses listed per group.
func (e *EnvPlan) Render(detail Detail, limit int) string {
	s, _ := e.render(detail, limit, 0)
	return s
}

// render is Render that gives up, returning false, as soon as the section
// is longer than budget bytes (when budget is above zero): fitting a plan
// of 100,000 changes into a comment must not render all of them at every
// level of detail first.
func (e *EnvPlan) render(detail Detail, limit, budget int) (string, bool) {
	var b strings.Builder
	over := func() bool { return budget > 0 && b.Len() > budget }
	p := e.Plan
	fmt.Fprintf(&b, "### `%s`: %s\n\n", e.Environment, Headline(p))
	if pd := e.ProtectedDestroys(); len(pd) > 0 {
		b.WriteString("> [!CAUTION]\n> **Protected resources would be destroyed.** Data in them is lost unless restored from a backup:\n")
		for i, c := range pd {
			if i == 20 {
				fmt.Fprintf(&b, "> - … and %d more\n", len(pd)-i)
				break
			}
			fmt.Fprintf(&b, "> - %s %s\n", c.Action, report.Code(c.Address))
		}
		b.WriteString(">\n> The pull request needs the destroy-allowing label for this plan to pass.\n\n")
	}
	e.policySection(&b, detail)
	if detail == HeadlineOnly {
		e.shortened(&b)
		return b.String(), !over()
	}
	e.index()
	byAddr, changes := e.byAddr, e.changes
	cut := false
	for _, g := range groups {
		var list []policy.Change
		for _, c := range changes {
			if c.Action == g.action {
				list = append(list, c)
			}
		}
		if len(list) == 0 {
			continue
		}
		fmt.Fprintf(&b, "#### %s (%d)\n\n", g.title, len(list))
		for i, c := range list {
			if limit > 0 && i == limit {
				fmt.Fprintf(&b, "- … and %d more\n", len(list)-i)
				cut = true
				break
			}
			e.change(&b, c, byAddr[c.Address], detail)
			if over() {
				return "", false
			}
		}
		b.WriteString("\n")
	}
	if !e.movesAndImports(&b, changes, limit, budget, &cut) {
		return "", false
	}
	if d := policy.Drifted(p); len(d) > 0 {
		fmt.Fprintf(&b, "#### Changed outside Terraform (%d)\n\nThe plan found these differences between the state and the real objects; codify or revert them.\n\n", len(d))
		for i, rc := range d {
			if limit > 0 && i == limit {
				fmt.Fprintf(&b, "- … and %d more\n", len(d)-i)
				cut = true
				break
			}
			fmt.Fprintf(&b, "- %s %s\n", policy.ActionOf(rc.Change.Actions), report.Code(rc.Address))
			if detail == Full {
				attrs(&b, plan.AttributeChanges(rc.Change, e.Redact))
			}
			if over() {
				return "", false
			}
		}
		b.WriteString("\n")
	}
	outputs(&b, p, e.Redact)
	if cut || detail != Full {
		e.shortened(&b)
	}
	if e.Footer != "" {
		b.WriteString("<sub>" + e.Footer + "</sub>\n")
	}
	return b.String(), !over()
}

func (e *EnvPlan) change(b *strings.Builder, c policy.Change, rc *tfjson.ResourceChange, detail Detail) {
	line := "- " + report.Code(c.Address)
	if c.Action == policy.Replace && rc != nil && rc.Change != nil {
		if rp := plan.ReplacePaths(rc.Change); len(rp) > 0 {
			forced := make([]string, len(rp))
			for i, p := range rp {
				forced[i] = report.Code(p)
			}
			line += " — forced by " + strings.Join(forced, ", ")
		}
		if rc.ActionReason != "" {
			line += " (" + string(rc.ActionReason) + ")"
		}
	}
	b.WriteString(line + "\n")
	if detail == Full && rc != nil && (c.Action == policy.Update || c.Action == policy.Replace) {
		attrs(b, plan.AttributeChanges(rc.Change, e.Redact))
	}
}

// maxAttrs bounds the attributes shown for one resource.
const maxAttrs = 50

func attrs(b *strings.Builder, list []plan.AttrChange) {
	if len(list) == 0 {
		return
	}
	// One line an attribute; the fence is longer than any run of
	// backticks in them (report.Fence).
	oneLine := strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ")
	var body strings.Builder
	for i, a := range list {
		if i == maxAttrs {
			fmt.Fprintf(&body, "  # … and %d more\n", len(list)-i)
			break
		}
		mark := "~"
		if a.ForcesReplace {
			mark = "!"
		}
		fmt.Fprintf(&body, "  %s %s: %s → %s\n", mark, oneLine.Replace(a.Path), oneLine.Replace(a.Before), oneLine.Replace(a.After))
	}
	fence := report.Fence(body.String())
	fmt.Fprintf(b, "  <details><summary>%d attribute(s)</summary>\n\n  %sdiff\n%s  %s\n  </details>\n", len(list), fence, body.String(), fence)
}

// movesAndImports lists the moves and imports; false when b grew over
// budget (above zero).
func (e *EnvPlan) movesAndImports(b *strings.Builder, changes []policy.Change, limit, budget int, cut *bool) bool {
	over := func() bool { return budget > 0 && b.Len() > budget }
	var moved, imported []policy.Change
	for _, c := range changes {
		if c.PreviousAddress != "" {
			moved = append(moved, c)
		}
		if c.Importing {
			imported = append(imported, c)
		}
	}
	if len(moved) > 0 {
		fmt.Fprintf(b, "#### Moved (%d)\n\n", len(moved))
		for i, c := range moved {
			if limit > 0 && i == limit {
				fmt.Fprintf(b, "- … and %d more\n", len(moved)-i)
				*cut = true
				break
			}
			fmt.Fprintf(b, "- %s → %s\n", report.Code(c.PreviousAddress), report.Code(c.Address))
			if over() {
				return false
			}
		}
		b.WriteString("\n")
	}
	if len(imported) > 0 {
		fmt.Fprintf(b, "#### Import (%d)\n\n", len(imported))
		for i, c := range imported {
			if limit > 0 && i == limit {
				fmt.Fprintf(b, "- … and %d more\n", len(imported)-i)
				*cut = true
				break
			}
			fmt.Fprintf(b, "- %s\n", report.Code(c.Address))
			if over() {
				return false
			}
		}
		b.WriteString("\n")
	}
	return true
}

func outputs(b *strings.Builder, p *tfjson.Plan, redact func(string) string) {
	if p == nil {
		return
	}
	names := make([]string, 0, len(p.OutputChanges))
	for name, oc := range p.OutputChanges {
		if oc != nil && policy.ActionOf(oc.Actions) != policy.NoOp {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return
	}
	sort.Strings(names)
	fmt.Fprintf(b, "#### Outputs (%d)\n\n| Output | Action | Before | After |\n|---|---|---|---|\n", len(names))
	for _, name := range names {
		oc := p.OutputChanges[name]
		// An output named like a secret is one, whatever nonsensitive()
		// says.
		secret := policy.SecretKey(name)
		before, after := outputValue(oc.Before, oc.BeforeSensitive, secret, redact), outputValue(oc.After, oc.AfterSensitive, secret, redact)
		if plan.IsTrue(oc.AfterUnknown) {
			after = plan.Unknown
		}
		if policy.ActionOf(oc.Actions) == policy.Create {
			before = ""
		}
		if policy.ActionOf(oc.Actions) == policy.Delete {
			after = ""
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s |\n", report.Cell(report.Code(name)), policy.ActionOf(oc.Actions), report.Cell(before), report.Cell(after))
	}
	b.WriteString("\n")
}

// outputValue renders an output; a sensitivity mark anywhere in it, or a
// secret name, hides all of it.
func outputValue(v, sensitive any, secret bool, redact func(string) string) string {
	if secret || plan.AnyTrue(sensitive) {
		return plan.Redacted
	}
	return report.Code(plan.Value(v, false, redact))
}

func (e *EnvPlan) shortened(b *strings.Builder) {
	where := []string{}
	if e.SummaryURL != "" {
		where = append(where, "the [job summary]("+e.SummaryURL+")")
	} else {
		where = append(where, "the job summary")
	}
	if e.PlanFile != "" {
		where = append(where, "the saved plan "+report.Code(e.PlanFile))
	}
	b.WriteString("> [!NOTE]\n> Shortened to fit a pull request comment. The full plan is in " + strings.Join(where, " and ") + ".\n\n")
}
