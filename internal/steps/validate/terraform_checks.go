package validate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
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
		out = append(out, fmtFinding(root, abs, string(before), after))
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
		return nil, initFailed(root, mod, err), nil
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
