package validate

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
)

// scannerFunc is a SecurityScanner of a function.
type scannerFunc func(ctx context.Context, root, module string) ([]Finding, error)

func (f scannerFunc) Scan(ctx context.Context, root, module string) ([]Finding, error) {
	return f(ctx, root, module)
}

func TestACheckThatFailsOrCrashesStaysWithItsModule(t *testing.T) {
	root := t.TempDir()
	for _, m := range []string{"a", "crash", "fails", "z"} {
		write(t, filepath.Join(root, m, "main.tf"), "")
	}
	var log bytes.Buffer
	v := &Validator{Dir: root, Checks: []string{"security"}, Parallel: 1, Log: slog.New(slog.NewTextHandler(&log, nil)),
		Security: scannerFunc(func(ctx context.Context, root, module string) ([]Finding, error) {
			switch filepath.Base(module) {
			case "crash":
				var m map[string]int
				m["boom"]++ // a nil map: the scanner crashes
			case "fails":
				return nil, errors.New("failed to run scanner: exit status 2\n\nError: Failed to read file terraform.tfvars\n")
			}
			return []Finding{{Check: "security", RuleID: "r", Severity: High, File: filepath.Base(module) + "/main.tf", Line: 1}}, nil
		})}
	res, err := v.Run(context.Background())
	if err != nil {
		t.Fatalf("a module's problem stopped the run: %v", err)
	}
	var judged []string
	for _, f := range res.Findings {
		judged = append(judged, f.Module)
	}
	if strings.Join(judged, " ") != "a z" {
		t.Errorf("findings of %v, want those of a and z", judged)
	}
	if len(res.Notices) != 2 {
		t.Fatalf("notices %+v, want one for crash and one for fails", res.Notices)
	}
	for i, want := range []struct{ module, words string }{
		{"crash", "the security scanner crashed on this module: assignment to entry in nil map (the stack is in the job log)"},
		{"fails", "the security scanner could not check this module: Failed to read file terraform.tfvars. The module's other checks ran."},
	} {
		n := res.Notices[i]
		if n.Module != want.module || n.Check != "security" || n.Level != "warning" || !n.Incomplete || !strings.Contains(n.Message, want.words) {
			t.Errorf("notice %+v, want for %s: %q", n, want.module, want.words)
		}
	}
	if !strings.Contains(log.String(), "goroutine") || !strings.Contains(log.String(), "contain_test.go") || !strings.Contains(log.String(), "module=crash") {
		t.Errorf("the crash's stack is not in the log:\n%s", log.String())
	}
	sum := Summary(res, v.Checks, High)
	for _, want := range []string{
		"2 module(s) not fully checked",
		"| security | `crash` (not fully checked) | 0 | 0 | 0 | 0 |",
		"| security | `a` | 0 | 1 | 0 | 0 |",
		"- security, `fails` (warning): the security scanner could not check this module",
	} {
		if !strings.Contains(sum, want) {
			t.Errorf("the summary does not say %q:\n%s", want, sum)
		}
	}
}

func TestACancelledRunStops(t *testing.T) {
	root := t.TempDir()
	write(t, filepath.Join(root, "a", "main.tf"), "")
	ctx, cancel := context.WithCancel(context.Background())
	v := &Validator{Dir: root, Checks: []string{"security"}, Security: scannerFunc(func(ctx context.Context, _, _ string) ([]Finding, error) {
		cancel()
		return nil, ctx.Err()
	})}
	if _, err := v.Run(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled run returned %v, want context.Canceled", err)
	}
}

func TestSummaryKeepsNamesAndMessagesInTheirPlace(t *testing.T) {
	res := &Result{Modules: []string{"a`b", "evil\r::x::y|z"}, Called: map[string]bool{},
		Notices: []Notice{{Check: "tflint", Module: "evil\r::x::y|z", Message: "line one\nline two | cell", Incomplete: true}}}
	sum := Summary(res, []string{"tflint"}, High)
	for _, want := range []string{
		"| tflint | ``a`b`` | 0 | 0 | 0 | 0 |",
		"| tflint | `evil ::x::y\\|z` (not fully checked) | 0 | 0 | 0 | 0 |",
		"- tflint, `evil ::x::y\\|z`: line one line two \\| cell\n",
	} {
		if !strings.Contains(sum, want) {
			t.Errorf("the summary does not hold %q:\n%s", want, sum)
		}
	}
	if strings.Contains(sum, "\r") {
		t.Errorf("a carriage return reached the summary:\n%q", sum)
	}
}
