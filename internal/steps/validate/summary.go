package validate

import (
	"fmt"
	"html"
	"slices"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
)

// Summary renders the job summary: a table of counts by severity per check
// and module, then the findings, then the notices.
func Summary(r *Result, checks []string, threshold Severity) string {
	var b strings.Builder
	failing := len(r.Failing(threshold))
	verdict := "passed"
	if failing > 0 {
		verdict = fmt.Sprintf("failed: %d finding(s) at or above %s", failing, threshold)
	}
	fmt.Fprintf(&b, "## Validate: %s\n\n", verdict)
	contractsSummary(&b, r.Migrations)
	if slices.ContainsFunc(checks, PerModule) {
		fmt.Fprintf(&b, "%d root module(s) and %d module(s) they call, ", len(r.Modules)-len(r.Called), len(r.Called))
	}
	fmt.Fprintf(&b, "checks: %s, failing at: %s.\n\n", strings.Join(checks, ", "), threshold)
	incomplete := map[string]bool{} // check + "\x00" + module
	modules := map[string]bool{}
	for _, n := range r.Notices {
		if n.Incomplete {
			incomplete[n.Check+"\x00"+n.Module] = true
			modules[n.Module] = true
		}
	}
	if len(modules) > 0 {
		fmt.Fprintf(&b, "%d module(s) not fully checked: a tool could not judge them as they are; the notices below say why and what to do.\n\n", len(modules))
	}
	b.WriteString("| Check | Module | Critical | High | Medium | Low |\n|---|---|---|---|---|---|\n")
	for _, c := range checks {
		if !PerModule(c) {
			var n [Critical + 1]int
			for _, f := range r.Findings {
				if f.Check == c {
					n[f.Severity]++
				}
			}
			if r.Migrations != nil {
				fmt.Fprintf(&b, "| %s | `%s`, %d file(s) | %d | %d | %d | %d |\n", c, r.Migrations.Glob,
					len(r.Migrations.Selection.Files), n[Critical], n[High], n[Medium], n[Low])
			}
			continue
		}
		for _, m := range r.Modules {
			if r.Called[m] && !RunsOnCalledModules(c) {
				continue
			}
			var n [Critical + 1]int
			for _, f := range r.Findings {
				if f.Check == c && f.Module == m {
					n[f.Severity]++
				}
			}
			name := report.Code(report.Cell(m))
			if incomplete[c+"\x00"+m] {
				name += " (not fully checked)"
			}
			fmt.Fprintf(&b, "| %s | %s | %d | %d | %d | %d |\n", c, name, n[Critical], n[High], n[Medium], n[Low])
		}
	}
	if len(r.Findings) > 0 {
		b.WriteString("\n### Findings\n\n| Severity | Check | Location | Rule | Message |\n|---|---|---|---|---|\n")
		for _, f := range r.Findings {
			rule := "`" + f.RuleID + "`"
			if f.Link != "" {
				rule = "[" + rule + "](" + f.Link + ")"
			}
			loc := f.File
			if f.Line > 0 {
				loc = fmt.Sprintf("%s:%d", f.File, f.Line)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", f.Severity, f.Check, report.Code(report.Cell(loc)), rule, report.Cell(f.Message))
		}
		for _, f := range r.Findings {
			if f.Detail == "" {
				continue
			}
			lang, detail := f.DetailLang, f.Detail
			if lang == "" {
				lang = "diff"
			}
			if !strings.HasSuffix(detail, "\n") {
				detail += "\n"
			}
			loc := f.File
			if !PerModule(f.Check) {
				loc = fmt.Sprintf("%s:%d", f.File, f.Line)
			}
			fence := report.Fence(detail)
			fmt.Fprintf(&b, "\n<details><summary><code>%s</code>: %s</summary>\n\n%s%s\n%s%s\n\n</details>\n", html.EscapeString(loc), html.EscapeString(f.Title), fence, lang, detail, fence)
		}
	}
	migrationsSummary(&b, r.Migrations)
	if len(r.Notices) > 0 {
		b.WriteString("\n### Notices\n\n")
		for _, n := range r.Notices {
			level := ""
			if n.Level != "" && n.Level != "notice" {
				level = " (" + n.Level + ")"
			}
			fmt.Fprintf(&b, "- %s, %s%s: %s\n", n.Check, report.Code(report.Cell(n.Module)), level, report.Cell(n.Message))
		}
	}
	return b.String()
}
