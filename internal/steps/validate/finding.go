// Package validate is the validate step: terraform fmt and validate, tflint
// with the Olympus ruleset, and a security scan, over every root module,
// reported as annotations, SARIF and a job summary.
package validate

import (
	"fmt"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/steps/validate/validatespec"
)

// Severity orders findings; the step fails on those at or above a threshold.
type Severity int

const (
	Low Severity = iota + 1
	Medium
	High
	Critical
)

var severityNames = append([]string{""}, validatespec.Severities...)

func (s Severity) String() string {
	if s < Low || s > Critical {
		return "unknown"
	}
	return severityNames[s]
}

// ParseSeverity reads low, medium, high or critical, in any case.
func ParseSeverity(v string) (Severity, error) {
	for i, n := range severityNames {
		if i > 0 && strings.EqualFold(v, n) {
			return Severity(i), nil
		}
	}
	return 0, fmt.Errorf("must be one of low, medium, high, critical")
}

// Finding is one problem a check found.
type Finding struct {
	Check    string // fmt, validate, tflint, security
	Module   string // the root module, relative to the working directory
	RuleID   string
	Severity Severity
	// File is relative to the working directory (for migrations, to the
	// workspace); Line 0 means the whole file.
	File    string
	Line    int
	EndLine int
	Title   string
	Message string
	Link    string
	// Detail is shown in the summary only, such as a fmt diff, as a code
	// block in DetailLang ("diff" when empty).
	Detail     string
	DetailLang string
}

// Notice is something a reader should know that is not a finding, such as a
// check that could not run. It never fails the step.
type Notice struct {
	Check, Module, Message string
	// Level is the annotation's level: "notice" (the default) or
	// "warning", for a risk the reader should act on.
	Level string
	// Incomplete says the check could not judge all of the module (its
	// tool failed or crashed there): the summary marks the module.
	Incomplete bool
}
