package validate

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sort"

	"github.com/olympus-cloud/deploy-actions/internal/terraform"
)

// Checks are the checks validate knows, in the order they run.
var Checks = []string{"fmt", "validate", "tflint", "security"}

// Validator runs the chosen checks over every root module of Dir.
type Validator struct {
	Dir    string
	Checks []string
	// Terraform prepares terraform for one module.
	Terraform func(ctx context.Context, module string) (*terraform.Terraform, error)
	Security  SecurityScanner
}

// Result is everything the checks found.
type Result struct {
	Modules  []string // relative to Dir
	Findings []Finding
	Notices  []Notice
}

// Run checks every root module. An error means a check could not run at all;
// findings are not errors.
func (v *Validator) Run(ctx context.Context) (*Result, error) {
	mods, err := RootModules(v.Dir)
	if err != nil {
		return nil, fmt.Errorf("failed to find root modules under %q: %w", v.Dir, err)
	}
	res := &Result{}
	for _, mod := range mods {
		rel, _ := filepath.Rel(v.Dir, mod)
		res.Modules = append(res.Modules, rel)
		found, notices, err := v.module(ctx, mod)
		if err != nil {
			return nil, fmt.Errorf("module %q: %w", rel, err)
		}
		for i := range found {
			found[i].Module = rel
		}
		res.Findings = append(res.Findings, found...)
		res.Notices = append(res.Notices, notices...)
	}
	sort.SliceStable(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i], res.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return res, nil
}

func (v *Validator) module(ctx context.Context, mod string) ([]Finding, []Notice, error) {
	var found []Finding
	var notices []Notice
	var tf *terraform.Terraform
	if slices.Contains(v.Checks, "fmt") || slices.Contains(v.Checks, "validate") {
		var err error
		if tf, err = v.Terraform(ctx, mod); err != nil {
			return nil, nil, err
		}
	}
	if slices.Contains(v.Checks, "fmt") {
		fs, err := checkFmt(ctx, tf, v.Dir, mod)
		if err != nil {
			return nil, nil, err
		}
		found = append(found, fs...)
	}
	if slices.Contains(v.Checks, "validate") {
		fs, notice, err := checkValidate(ctx, tf, v.Dir, mod)
		if err != nil {
			return nil, nil, err
		}
		found = append(found, fs...)
		if notice != nil {
			notices = append(notices, *notice)
		}
	}
	if slices.Contains(v.Checks, "security") {
		fs, err := v.Security.Scan(ctx, v.Dir, mod)
		if err != nil {
			return nil, nil, err
		}
		found = append(found, fs...)
	}
	return found, notices, nil
}

// Failing returns the findings at or above the threshold.
func (r *Result) Failing(threshold Severity) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if f.Severity >= threshold {
			out = append(out, f)
		}
	}
	return out
}
