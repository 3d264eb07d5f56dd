// Package defsec is validate's security engine: defsec's Terraform scanner
// in-process. It lives in its own package, linked only into
// olympus-validate, because defsec parses its embedded policies when the
// program starts (about a second and 90 MB), which no other step should
// pay. Replacing the engine (defsec is superseded by Trivy) is a change to
// this file only.
package defsec

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/aquasecurity/defsec/pkg/scan"
	"github.com/aquasecurity/defsec/pkg/scanners/options"
	tfscanner "github.com/aquasecurity/defsec/pkg/scanners/terraform"
	"github.com/aquasecurity/defsec/pkg/severity"

	"github.com/olympus-cloud/deploy-actions/internal/steps/validate"
)

// defsecScanner runs defsec's Terraform scanner, the engine tfsec runs,
// with its built-in rules. Inline #tfsec:ignore:<rule> comments work.
type defsecScanner struct{}

// New returns the defsec scanner.
func New() validate.SecurityScanner { return defsecScanner{} }

// Scan scans once per environment, with its terraform.tfvars, so that
// modules see real values (defsec v0.93.1 crashes on a module input whose
// root variable has no value).
func (defsecScanner) Scan(ctx context.Context, root, module string) ([]validate.Finding, error) {
	rel, err := filepath.Rel(root, module)
	if err != nil {
		return nil, err
	}
	return validate.PerEnvironment(ctx, module, func(ev validate.EnvVars) ([]validate.Finding, error) {
		var vars []string
		for _, vf := range ev.VarFiles {
			vars = append(vars, filepath.ToSlash(filepath.Join(rel, vf)))
		}
		return scanDefsec(ctx, root, rel, vars)
	})
}

func scanDefsec(ctx context.Context, root, rel string, tfvars []string) (out []validate.Finding, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &validate.CrashError{Tool: "defsec", Value: fmt.Sprint(r), Stack: string(debug.Stack()),
				Hint: "It crashes on a module input whose root variable has no value: give every root variable a value in environments/<env>/terraform.tfvars, or leave security out of checks"}
		}
	}()
	s := tfscanner.New(
		options.ScannerWithEmbeddedPolicies(false),
		tfscanner.ScannerWithDownloadsAllowed(false),
		tfscanner.ScannerWithStopOnHCLError(false),
		tfscanner.ScannerWithTFVarsPaths(tfvars...),
	)
	results, err := s.ScanFS(ctx, os.DirFS(root), filepath.ToSlash(rel))
	if err != nil {
		return nil, fmt.Errorf("failed to scan %q for security problems: %w", rel, err)
	}
	for _, r := range results.GetFailed() {
		out = append(out, fromDefsec(r))
	}
	return out, nil
}

func fromDefsec(r scan.Result) validate.Finding {
	rule := r.Rule()
	rng := r.Range()
	link := ""
	if len(rule.Links) > 0 {
		link = rule.Links[0]
	}
	id := rule.LongID()
	if rule.AVDID != "" {
		id = rule.AVDID + " " + id
	}
	return validate.Finding{
		Check:    "security",
		RuleID:   strings.TrimSpace(rule.LongID()),
		Severity: severityOf(r.Severity()),
		File:     filepath.FromSlash(rng.GetFilename()),
		Line:     rng.GetStartLine(),
		EndLine:  rng.GetEndLine(),
		Title:    rule.Summary,
		Message:  fmt.Sprintf("%s (%s)", r.Description(), id),
		Link:     link,
	}
}

func severityOf(s severity.Severity) validate.Severity {
	switch s {
	case severity.Critical:
		return validate.Critical
	case severity.High:
		return validate.High
	case severity.Medium:
		return validate.Medium
	default:
		return validate.Low
	}
}
