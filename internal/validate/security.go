package validate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/aquasecurity/defsec/pkg/scan"
	"github.com/aquasecurity/defsec/pkg/scanners/options"
	tfscanner "github.com/aquasecurity/defsec/pkg/scanners/terraform"
	"github.com/aquasecurity/defsec/pkg/severity"
)

// SecurityScanner finds security misconfigurations in one root module. The
// defsec engine lives behind it, in this file only, so that it can be
// replaced (defsec is superseded by Trivy) without touching the step.
type SecurityScanner interface {
	Scan(ctx context.Context, root, module string) ([]Finding, error)
}

// defsecScanner runs defsec's Terraform scanner, the engine tfsec runs,
// with its built-in rules. Inline #tfsec:ignore:<rule> comments work.
type defsecScanner struct{}

// NewSecurityScanner returns the default scanner.
func NewSecurityScanner() SecurityScanner { return defsecScanner{} }

// Scan scans once per environment, with its terraform.tfvars, so that
// modules see real values (defsec v0.93.1 crashes on a module input whose
// root variable has no value).
func (defsecScanner) Scan(ctx context.Context, root, module string) ([]Finding, error) {
	rel, err := filepath.Rel(root, module)
	if err != nil {
		return nil, err
	}
	return perEnvironment(module, func(env string) ([]Finding, error) {
		var vars []string
		if env != "" {
			vars = append(vars, filepath.ToSlash(filepath.Join(rel, "environments", env, "terraform.tfvars")))
		}
		return scanDefsec(ctx, root, rel, vars)
	})
}

func scanDefsec(ctx context.Context, root, rel string, tfvars []string) (out []Finding, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("failed to scan %q for security problems: defsec crashed (%v); give every root variable a value in environments/<env>/terraform.tfvars, or leave security out of checks", rel, r)
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

func fromDefsec(r scan.Result) Finding {
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
	return Finding{
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

func severityOf(s severity.Severity) Severity {
	switch s {
	case severity.Critical:
		return Critical
	case severity.High:
		return High
	case severity.Medium:
		return Medium
	default:
		return Low
	}
}
