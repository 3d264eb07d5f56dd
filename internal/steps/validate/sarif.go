package validate

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/owenrumney/go-sarif/v3/pkg/report"
	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// tools names the SARIF run of each check, so code scanning groups results
// by the tool that found them.
var tools = map[string]struct{ name, uri string }{
	"fmt":        {"terraform-fmt", "https://developer.hashicorp.com/terraform/cli/commands/fmt"},
	"validate":   {"terraform-validate", "https://developer.hashicorp.com/terraform/cli/commands/validate"},
	"tflint":     {"tflint", "https://github.com/terraform-linters/tflint"},
	"security":   {"defsec", "https://github.com/aquasecurity/defsec"},
	"migrations": {"olympus-migration-guard", MigrationsLink},
}

// WriteSARIF writes a SARIF 2.1.0 log with one run per check that ran, ready
// for github/codeql-action/upload-sarif. Every result has a location.
func WriteSARIF(w io.Writer, checks []string, findings []Finding) error {
	rep := report.NewV210Report()
	for _, check := range checks {
		t, ok := tools[check]
		if !ok {
			return fmt.Errorf("failed to write SARIF: unknown check %q", check)
		}
		run := sarif.NewRunWithInformationURI(t.name, t.uri)
		for _, f := range findings {
			if f.Check != check {
				continue
			}
			rule := run.AddRule(f.RuleID).WithDescription(f.Title)
			if f.Link != "" {
				rule.WithHelpURI(f.Link)
			}
			line := max(f.Line, 1)
			region := sarif.NewRegion().WithStartLine(line)
			if f.EndLine >= line {
				region.WithEndLine(f.EndLine)
			}
			run.AddDistinctArtifact(filepath.ToSlash(f.File))
			run.CreateResultForRule(f.RuleID).
				WithLevel(sarifLevel(f.Severity)).
				WithMessage(sarif.NewTextMessage(f.Message)).
				AddLocation(sarif.NewLocationWithPhysicalLocation(
					sarif.NewPhysicalLocation().
						WithArtifactLocation(sarif.NewSimpleArtifactLocation(filepath.ToSlash(f.File))).
						WithRegion(region))).
				WithProperties(sarif.NewPropertyBag().Add("severity", f.Severity.String()))
		}
		rep.AddRun(run)
	}
	if err := rep.Validate(); err != nil {
		return fmt.Errorf("failed to build a valid SARIF log: %w", err)
	}
	return rep.PrettyWrite(w)
}

func sarifLevel(s Severity) string {
	switch s {
	case Critical, High:
		return "error"
	case Medium:
		return "warning"
	default:
		return "note"
	}
}
