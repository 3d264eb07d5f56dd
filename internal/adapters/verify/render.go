package verify

import (
	"fmt"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
)

// summaryOutput is how much of a failed command's output the summary
// shows; the whole of what was kept goes to the log.
const summaryOutput = 2000

// Markdown renders results for the job summary: a headline, a table of
// the checks, and the end of each failed command's output. Everything
// from a result (URLs, bodies, commands, output, errors) is already
// redacted and is set in table cells and code that it cannot leave.
func Markdown(results []Result) string {
	if len(results) == 0 {
		return ""
	}
	failed := 0
	for _, r := range results {
		if !r.Passed {
			failed++
		}
	}
	var b strings.Builder
	if failed == 0 {
		fmt.Fprintf(&b, "### Checks after apply: all %d passed\n\n", len(results))
	} else {
		fmt.Fprintf(&b, "### Checks after apply: %d of %d failed\n\n", failed, len(results))
	}
	b.WriteString("| # | Check | Result | Attempts | Status | Detail |\n|---|---|---|---|---|---|\n")
	for _, r := range results {
		result := "✅ passed"
		if !r.Passed {
			result = "❌ failed"
		}
		status := ""
		switch {
		case r.Check.HTTP() && r.Status > 0:
			status = fmt.Sprint(r.Status)
		case !r.Check.HTTP() && r.ExitCode >= 0:
			status = fmt.Sprintf("exit %d", r.ExitCode)
		}
		var detail []string
		if r.Err != "" {
			detail = append(detail, report.Cell(r.Err))
		}
		if r.Excerpt != "" && !r.Passed {
			detail = append(detail, "body: "+report.Cell(report.Code(r.Excerpt)))
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %d | %s | %s |\n", r.Check.Entry, what(r), result, r.Attempts, status, strings.Join(detail, "; "))
	}
	for _, r := range results {
		if r.Passed || r.Check.HTTP() || r.Output == "" {
			continue
		}
		out := r.Output
		if len(out) > summaryOutput {
			out = "…" + strings.ToValidUTF8(out[len(out)-summaryOutput:], "")
		}
		fmt.Fprintf(&b, "\n<details><summary>Output of check %d (the end; the whole is in the log)</summary>\n\n%s\n</details>\n",
			r.Check.Entry, report.Block(out, ""))
	}
	return b.String()
}

// what names the check in its table cell.
func what(r Result) string {
	switch {
	case r.Check.Output != "" && r.Target != "":
		return fmt.Sprintf("output %s: %s", report.Cell(report.Code(r.Check.Output)), report.Cell(report.Code(r.Target)))
	case r.Check.Output != "":
		return "output " + report.Cell(report.Code(r.Check.Output))
	case r.Check.Run != "":
		return "run " + report.Cell(report.Code(r.Target))
	}
	s := report.Cell(report.Code(r.Target))
	if r.Check.Contains != "" {
		s += " contains " + report.Cell(report.Code(r.Check.Contains))
	}
	return s
}
