package reconcile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/steps/reconcile/codify"
)

// EnvReport is everything said about one environment: in its issue and in
// the job summary.
type EnvReport struct {
	Environment string
	// Redact, when set, is applied to every value before it is cut or
	// escaped for Markdown.
	Redact func(string) string
	// Dir is the working directory as the user gave it.
	Dir      string
	Findings Findings
	// Checked is when this run looked; FirstSeen when this drift was first
	// seen; CleanSince when the environment was last seen matching the
	// code (zero when unknown): incidents are listed from then on.
	Checked, FirstSeen, CleanSince time.Time
	RunURL, SHA                    string
	Incidents                      []Incident
	// Revert is the revert's outcome, nil when none was asked for;
	// Reverted are the resources an applied revert brought back to the
	// code.
	Revert   *RevertResult
	Reverted []ResourceDrift
}

// Incident is an issue labelled incident.
type Incident struct {
	Number  int
	Title   string
	URL     string
	State   string
	Created time.Time
}

// RevertResult is what a revert did to one environment.
type RevertResult struct {
	// Outcome is applied, refused or failed.
	Outcome string
	Counts  policy.Counts
	// Detail explains a refusal or failure.
	Detail string
}

// IncidentWindow is how far back incidents are listed when the time the
// environment last matched the code is unknown.
const IncidentWindow = 7 * 24 * time.Hour

// IncidentsFrom is when the incidents listed begin.
func (r *EnvReport) IncidentsFrom() time.Time {
	if !r.CleanSince.IsZero() {
		return r.CleanSince
	}
	return r.FirstSeen.Add(-IncidentWindow)
}

// Title is the title.
func (r *EnvReport) Title() string {
	t := fmt.Sprintf("Drift in %s: changes made outside Terraform", r.Environment)
	if r.Dir != "" && r.Dir != "." {
		t += " (" + r.Dir + ")"
	}
	return t
}

const stamp = "2006-01-02 15:04 UTC"

// Markdown renders the report within limit bytes: a section per drifted
// resource with its codify hints, operational drift, the incidents, and
// the revert. Resources that do not fit are listed by address, then
// counted.
func (r *EnvReport) Markdown(limit int) string {
	var head, tail strings.Builder
	fmt.Fprintf(&head, "## Drift in `%s`\n\n", r.Environment)
	f := r.Findings
	switch {
	case !f.Drifted() && len(r.Reverted) > 0:
		fmt.Fprintf(&head, "`%s` matches the code in `%s` again: the changes made outside Terraform were reverted.\n\n", r.Environment, r.Dir)
	case !f.Drifted() && f.Codified > 0:
		fmt.Fprintf(&head, "`%s` matches the code in `%s`: the changes made outside Terraform are in the code now (the state records them at the next apply).\n\n", r.Environment, r.Dir)
	case !f.Drifted():
		fmt.Fprintf(&head, "`%s` matches the code in `%s`: nothing was changed outside Terraform.\n\n", r.Environment, r.Dir)
	case len(f.Resources) > 0:
		fmt.Fprintf(&head, "`%s` differs from the code in `%s`: %s changed outside Terraform. "+
			"Until the code matches reality, `deploy` refuses to apply to it beyond the first environment (or, with `allow-drift`, silently reverts the change). "+
			"Codify each change as shown below, or revert it with `mode: revert`.\n\n", r.Environment, r.Dir, plural(len(f.Resources), "resource was", "resources were"))
	default:
		fmt.Fprintf(&head, "`%s` matches the code in `%s`, but its traffic is pinned by a rollback (operational drift, below).\n\n", r.Environment, r.Dir)
	}
	head.WriteString("| | |\n|---|---|\n")
	if !r.FirstSeen.IsZero() && f.Drifted() {
		fmt.Fprintf(&head, "| First seen | %s |\n", r.FirstSeen.UTC().Format(stamp))
	}
	checked := r.Checked.UTC().Format(stamp)
	if r.RunURL != "" {
		checked += " by [this run](" + r.RunURL + ")"
	}
	if len(r.SHA) >= 7 {
		checked += " at `" + r.SHA[:7] + "`"
	}
	fmt.Fprintf(&head, "| Last checked | %s |\n", checked)
	if len(f.Resources) > 0 {
		fmt.Fprintf(&head, "| An apply of the code would | %s |\n", f.Apply.String())
	}
	head.WriteString("\n")

	// Each list of the tail takes at most a share of the limit, so that
	// the drifted resources always keep the most room.
	if len(f.Pinned) > 0 {
		tail.WriteString("### Operational drift\n\n")
		items := make([]string, 0, len(f.Pinned))
		for _, p := range f.Pinned {
			// Names read from the cloud: each kept on its line.
			items = append(items, fmt.Sprintf("- %s: all traffic is pinned to %s, older than its latest revision %s: a traffic rollback is in force. "+
				"This is not a change to codify, and a revert leaves it alone. Once a fix is deployed, release it (traffic then follows the latest Ready revision) with:\n\n  ```sh\n  %s\n  ```\n",
				report.Code(p.Address), report.Code(p.Serving), report.Code(p.Latest), strings.NewReplacer("\n", " ", "\r", " ").Replace(p.ReleaseCommand())))
		}
		tail.WriteString(r.within(items, limit/8, "pinned services"))
		tail.WriteString("\n")
	}
	if f.Drifted() {
		fmt.Fprintf(&tail, "### Incidents since %s\n\n", r.IncidentsFrom().UTC().Format(stamp))
		if r.CleanSince.IsZero() {
			fmt.Fprintf(&tail, "Issues labelled `incident` opened in the %d days before the drift was first seen (when `%s` last matched the code is not known):\n\n", int(IncidentWindow.Hours()/24), r.Environment)
		} else {
			fmt.Fprintf(&tail, "Issues labelled `incident` opened since `%s` last matched the code:\n\n", r.Environment)
		}
		if len(r.Incidents) == 0 {
			tail.WriteString("None. A change made by hand must be documented: open an issue labelled `incident` that says who changed what, and why.\n")
		}
		items := make([]string, 0, len(r.Incidents))
		for _, in := range r.Incidents {
			items = append(items, fmt.Sprintf("- [#%d](%s) %s (%s, opened %s)\n", in.Number, in.URL, report.Line(cut(in.Title, maxTitle)), in.State, in.Created.UTC().Format(stamp)))
		}
		tail.WriteString(r.within(items, limit/4, "incidents"))
		tail.WriteString("\n")
	}
	if rv := r.Revert; rv != nil {
		tail.WriteString("### Revert\n\n")
		switch rv.Outcome {
		case "applied":
			fmt.Fprintf(&tail, "Reverted: the code was applied to `%s` (%s). What was undone:\n\n", r.Environment, rv.Counts.String())
			items := make([]string, 0, len(r.Reverted))
			for _, res := range r.Reverted {
				if res.Deleted {
					items = append(items, fmt.Sprintf("- `%s` (deleted outside Terraform): created again\n", res.Address))
					continue
				}
				var attrs []string
				for _, a := range res.Attrs {
					v := value(a.After, r.Redact)
					if a.Secret || a.Hidden {
						v = plan.Redacted
					}
					attrs = append(attrs, fmt.Sprintf("%s was %s", report.Code(report.Cell(plan.JoinPath(a.Path))), v))
				}
				items = append(items, fmt.Sprintf("- `%s`: %s\n", res.Address, strings.Join(attrs, ", ")))
			}
			tail.WriteString(r.within(items, limit/4, "resources"))
		case "refused":
			fmt.Fprintf(&tail, "Refused; nothing was applied. %s\n", cut(rv.Detail, min(maxDetail, limit/8)))
		default:
			fmt.Fprintf(&tail, "Failed. %s\n", cut(rv.Detail, min(maxDetail, limit/8)))
		}
		tail.WriteString("\n")
	}
	tail.WriteString("<sub>Kept up to date by olympus drift-reconcile; closed when code and reality agree.</sub>\n")

	var body strings.Builder
	body.WriteString(head.String())
	room := limit - head.Len() - tail.Len() - 512
	var listed []string
	for i, res := range f.Resources {
		full := resourceMarkdown(r.Environment, res, true, r.Redact)
		if len(full) <= room {
			body.WriteString(full)
			room -= len(full)
			continue
		}
		short := resourceMarkdown(r.Environment, res, false, r.Redact)
		if len(short) <= room {
			body.WriteString(short)
			room -= len(short)
			continue
		}
		for _, rest := range f.Resources[i:] {
			listed = append(listed, rest.Address)
		}
		break
	}
	if len(listed) > 0 {
		fmt.Fprintf(&body, "### %s more\n\nNot shown for lack of room (see the job summary%s): ", plural(len(listed), "resource", "resources"), r.ofThisRun())
		line := ""
		for _, a := range listed {
			if len(line)+len(a) > room/2 {
				line += "…"
				break
			}
			line += "`" + a + "` "
		}
		body.WriteString(strings.TrimSpace(line) + "\n\n")
	}
	body.WriteString(tail.String())
	return body.String()
}

// Bounds of the texts a report quotes: a revert's error (terraform's
// words) and an incident's title (GitHub allows 256 characters).
const (
	maxDetail = 8 << 10
	maxTitle  = 256
)

// within joins the items (each a Markdown line) that fit in room bytes
// and counts the others, saying where the full list is.
func (r *EnvReport) within(items []string, room int, what string) string {
	var b strings.Builder
	for i, it := range items {
		if b.Len()+len(it) > room-256 {
			fmt.Fprintf(&b, "- … and %d more %s, not shown for lack of room (see the job summary%s).\n", len(items)-i, what, r.ofThisRun())
			break
		}
		b.WriteString(it)
	}
	return b.String()
}

// ofThisRun links the run whose job summary has the full report.
func (r *EnvReport) ofThisRun() string {
	if r.RunURL == "" {
		return ""
	}
	return " of [this run](" + r.RunURL + ")"
}

// cut shortens s to at most n bytes without splitting a character, and
// says so.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	n = max(0, n-len("…"))
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// resourceMarkdown is one drifted resource: a table of its attributes,
// then the codify hint of each (when full).
func resourceMarkdown(env string, r ResourceDrift, full bool, redact func(string) string) string {
	var b strings.Builder
	if r.Deleted {
		fmt.Fprintf(&b, "### `%s` deleted outside Terraform\n\n", r.Address)
		if r.Revert == policy.Create {
			b.WriteString("An apply of the code would create it again.\n\n")
		}
		if full {
			b.WriteString(r.Hint.SuggestRemoval() + "\n")
		}
		return b.String()
	}
	fmt.Fprintf(&b, "### `%s` changed outside Terraform\n\n", r.Address)
	b.WriteString("| Attribute | Set in the code at | Code value | Found in the cloud |\n|---|---|---|---|\n")
	for _, a := range r.Attrs {
		at := "`" + a.Hint.Last().Pos() + "`"
		switch a.Hint.Kind {
		case codify.NotSet:
			at = "not set (block at `" + a.Hint.Block.Pos() + "`)"
		case codify.NoBlock:
			at = "no block in the code"
		}
		code := a.Hint.CodeValue()
		if a.Hint.Kind != codify.Literal || code == "" {
			code = value(a.Before, redact)
		} else {
			code = report.Code(code)
		}
		found := value(a.After, redact)
		if a.Secret || a.Hidden {
			code, found = plan.Redacted, plan.Redacted[:len(plan.Redacted)-1]+", changed)"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", report.Code(report.Cell(plan.JoinPath(a.Path))), report.Cell(at), report.Cell(code), report.Cell(found))
	}
	b.WriteString("\n")
	switch r.Revert {
	case policy.Update, policy.Replace:
		fmt.Fprintf(&b, "An apply of the code would %s it back.\n\n", map[policy.Action]string{policy.Update: "change", policy.Replace: "replace"}[r.Revert])
	case policy.NoOp:
		b.WriteString("An apply of the code would not change it back: codify the change, or it stays as it is.\n\n")
	}
	if r.Computed > 0 {
		if r.Computed == 1 {
			b.WriteString("One more attribute, which only the provider sets, changed as a consequence (not shown).\n\n")
		} else {
			fmt.Fprintf(&b, "%d more attributes, which only the provider sets, changed as a consequence (not shown).\n\n", r.Computed)
		}
	}
	if !full {
		return b.String()
	}
	for _, a := range r.Attrs {
		fmt.Fprintf(&b, "**Codify %s:** ", report.Code(plan.JoinPath(a.Path)))
		b.WriteString(a.Hint.Suggest(codify.Hint{Environment: env, Value: a.After, Secret: a.Secret, Hidden: a.Hidden}))
		b.WriteString("\n")
	}
	return b.String()
}

// value renders a value found in a plan as compact JSON cut to
// plan.MaxValueLen characters, in inline code. Control characters are
// escaped by JSON, so a \r or a newline cannot start a new line.
// value renders a value as code, redacted before it is cut.
func value(v any, redact func(string) string) string {
	if v == nil {
		return "`null`"
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "`?`"
	}
	s := strings.TrimSuffix(buf.String(), "\n")
	if redact != nil {
		s = redact(s)
	}
	if rs := []rune(s); len(rs) > plan.MaxValueLen {
		s = string(rs[:plan.MaxValueLen]) + "…"
	}
	return report.Code(s)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
