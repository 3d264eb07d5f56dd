package regopolicy

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/tester"
	"github.com/open-policy-agent/opa/v1/topdown"
)

// TestResult is the outcome of one test_ rule.
type TestResult struct {
	// Name is the test's package and name (data.sql.test_destroy_denied).
	Name string
	File string
	Line int
	// Failed is a test whose body was false or undefined; Err one whose
	// evaluation failed.
	Failed bool
	Err    string
	// Output is what the test printed (print()), kept for a failure.
	Output   string
	Duration time.Duration
}

// Passed reports whether the test passed.
func (r TestResult) Passed() bool { return !r.Failed && r.Err == "" }

// Test runs the policies' own unit tests: every test_ rule of every .rego
// file under dir (the *_test.rego files and the policies themselves), with
// OPA's tester. Policies that do not parse or compile are Errors
// (file:line each). Results are in file and line order.
func Test(ctx context.Context, dir, shown string) ([]TestResult, error) {
	files, err := Files(dir, true)
	if err != nil {
		return nil, err
	}
	modules, err := parseAll(dir, shown, files)
	if err != nil {
		return nil, err
	}
	if len(modules) == 0 {
		return nil, nil
	}
	ch, err := tester.NewRunner().
		SetModules(modules).
		CapturePrintOutput(true).
		RaiseBuiltinErrors(true).
		SetTimeout(time.Minute).
		RunTests(ctx, nil)
	if err != nil {
		var aerrs ast.Errors
		if errors.As(err, &aerrs) {
			var errs Errors
			for _, e := range aerrs {
				ee := &Error{File: shown, Message: e.Message}
				if e.Location != nil {
					ee.File, ee.Line = e.Location.File, e.Location.Row
				}
				errs = append(errs, ee)
			}
			return nil, sortErrors(errs)
		}
		return nil, fmt.Errorf("failed to run the policy tests: %w", err)
	}
	var out []TestResult
	for r := range ch {
		tr := TestResult{Name: r.Package + "." + r.Name, Failed: r.Fail, Output: strings.TrimSpace(string(r.Output)), Duration: r.Duration}
		if r.Location != nil {
			tr.File, tr.Line = r.Location.File, r.Location.Row
		}
		if r.Error != nil {
			tr.Err = r.Error.Error()
			var te *topdown.Error
			if errors.As(r.Error, &te) {
				tr.Err = te.Error()
			}
		}
		if r.Skip {
			continue
		}
		out = append(out, tr)
	}
	slices.SortStableFunc(out, func(a, b TestResult) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return out, nil
}
