package validate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pmezard/go-difflib/difflib"

	"github.com/olympus-cloud/deploy-actions/internal/terraform"
)

// Severities of terraform's own checks. A misformatted file blocks a merge
// as surely as a broken one, but it is never a risk in itself.
const (
	fmtSeverity             = High
	validateErrorSeverity   = Critical
	validateWarningSeverity = Medium
)

// checkFmt reports each file terraform fmt would change, with the diff.
func checkFmt(ctx context.Context, tf *terraform.Terraform, root, mod string) ([]Finding, error) {
	files, err := tf.FormatCheck(ctx)
	if err != nil {
		return nil, err
	}
	var out []Finding
	for _, f := range files {
		abs := filepath.Join(mod, f)
		rel, _ := filepath.Rel(root, abs)
		before, err := os.ReadFile(abs)
		if err != nil {
			return nil, fmt.Errorf("failed to read %q: %w", rel, err)
		}
		after, err := tf.FormatString(ctx, string(before))
		if err != nil {
			return nil, err
		}
		diff, _ := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: difflib.SplitLines(string(before)), B: difflib.SplitLines(after),
			FromFile: "a/" + rel, ToFile: "b/" + rel, Context: 2,
		})
		out = append(out, Finding{
			Check: "fmt", RuleID: "terraform_fmt", Severity: fmtSeverity, File: rel, Line: firstChangedLine(string(before), after),
			Title: "File is not formatted", Message: fmt.Sprintf("%s is not in canonical format; run terraform fmt", rel),
			Link: "https://developer.hashicorp.com/terraform/cli/commands/fmt", Detail: diff,
		})
	}
	return out, nil
}

func firstChangedLine(a, b string) int {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range al {
		if i >= len(bl) || al[i] != bl[i] {
			return i + 1
		}
	}
	return 1
}

// checkValidate initialises the module without a backend and runs
// terraform validate. When providers cannot be installed (no registry),
// it returns a notice instead of findings.
func checkValidate(ctx context.Context, tf *terraform.Terraform, root, mod string) ([]Finding, *Notice, error) {
	relMod, _ := filepath.Rel(root, mod)
	if err := tf.InitNoBackend(ctx); err != nil {
		return nil, &Notice{Check: "validate", Module: relMod,
			Message: "terraform validate skipped: terraform init could not install the providers or modules (" + firstLine(err) + "); the other checks ran"}, nil
	}
	out, err := tf.Validate(ctx)
	if err != nil {
		return nil, nil, err
	}
	var fs []Finding
	for _, d := range out.Diagnostics {
		f := Finding{Check: "validate", RuleID: "terraform_validate", Title: d.Summary, Message: strings.TrimSpace(d.Summary + ": " + d.Detail),
			Severity: validateWarningSeverity, Link: "https://developer.hashicorp.com/terraform/cli/commands/validate"}
		if d.Severity == "error" {
			f.Severity = validateErrorSeverity
		}
		if d.Range != nil {
			f.File = filepath.Join(relMod, d.Range.Filename)
			f.Line, f.EndLine = d.Range.Start.Line, d.Range.End.Line
		}
		fs = append(fs, f)
	}
	return fs, nil, nil
}

// firstLine is the first error terraform printed, else the first line.
func firstLine(err error) string {
	for _, l := range strings.Split(err.Error(), "\n") {
		if i := strings.Index(l, "Error: "); i >= 0 {
			return strings.TrimSpace(l[i+len("Error: "):])
		}
	}
	for _, l := range strings.Split(err.Error(), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "failed to init") && !strings.HasPrefix(l, "exit status") {
			return strings.TrimPrefix(l, "Error: ")
		}
	}
	return err.Error()
}
