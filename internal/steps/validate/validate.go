package validate

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"slices"
	"sort"

	"golang.org/x/sync/errgroup"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/steps/validate/validatespec"
)

// Checks are the checks validate knows, in the order they run.
var Checks = validatespec.Checks

// Validator runs the chosen checks over every root module of Dir.
type Validator struct {
	Dir    string
	Checks []string
	// Terraform prepares terraform for one module.
	Terraform func(ctx context.Context, module string) (*terraform.Terraform, error)
	TFLint    *TFLint
	Security  SecurityScanner
	// Migrations is the migrations check, with its files chosen.
	Migrations *MigrationCheck
	// SARIF is where the step writes the SARIF log, checked before any
	// check runs; SARIFShown is the path as the input gave it.
	SARIF, SARIFShown string
	// Threshold is the severity at which a finding fails the step.
	Threshold Severity
	// Parallel is how many modules are checked at once (default: the
	// number of CPUs).
	Parallel int
	// Layouts says where each root module's environments and their
	// variables files are (nil: today's layout).
	Layouts *Layouts
	// Log receives what a check that could not judge a module said in
	// full, and a crashed check's stack (nil: nowhere).
	Log *slog.Logger
}

// Result is everything the checks found.
type Result struct {
	Modules []string // relative to Dir: the roots, then the called modules
	// Called marks the modules other modules call.
	Called   map[string]bool
	Findings []Finding
	Notices  []Notice
	// Migrations is what the migrations check judged, when it ran.
	Migrations *MigrationsResult
}

// Run checks every root module. An error means a check could not run at all;
// findings are not errors.
func (v *Validator) Run(ctx context.Context) (*Result, error) {
	roots, called, err := FindModules(v.Dir)
	if err != nil {
		return nil, fmt.Errorf("failed to find root modules under %q: %w", v.Dir, err)
	}
	// Called modules get the checks that look at one directory's files
	// (fmt, tflint): terraform fmt is not recursive, and tflint reports a
	// problem inside a called module only when the caller's values cause
	// it. validate and the security scan see them through their roots.
	mods := append(slices.Clone(roots), called...)
	// A called module is linted with the environments of the roots that
	// call it, so rules about production judge what the module writes out.
	ctx = WithLayouts(ctx, v.Layouts)
	callerEnvs, err := v.Layouts.CallerEnvironments(roots)
	if err != nil {
		return nil, fmt.Errorf("failed to read the module calls under %q: %w", v.Dir, err)
	}
	res := &Result{Called: map[string]bool{}}
	type moduleResult struct {
		findings []Finding
		notices  []Notice
	}
	results := make([]moduleResult, len(mods))
	g, gctx := errgroup.WithContext(ctx)
	parallel := v.Parallel
	if parallel < 1 {
		parallel = runtime.NumCPU()
	}
	g.SetLimit(parallel)
	perModule := slices.DeleteFunc(slices.Clone(v.Checks), func(c string) bool { return !PerModule(c) })
	for i, mod := range mods {
		rel, _ := filepath.Rel(v.Dir, mod)
		res.Modules = append(res.Modules, rel)
		checks := perModule
		var envs []string
		if i >= len(roots) {
			res.Called[rel] = true
			checks = slices.DeleteFunc(slices.Clone(checks), func(c string) bool { return !RunsOnCalledModules(c) })
			envs = callerEnvs[mod]
		}
		g.Go(func() error {
			found, notices, err := v.module(gctx, mod, checks, envs)
			if err != nil {
				return fmt.Errorf("module %q: %w", rel, err)
			}
			for i := range found {
				found[i].Module = rel
			}
			results[i] = moduleResult{found, notices}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for _, r := range results {
		res.Findings = append(res.Findings, r.findings...)
		res.Notices = append(res.Notices, r.notices...)
	}
	if slices.Contains(v.Checks, "migrations") && v.Migrations != nil {
		found, mig, err := v.Migrations.Run(ctx)
		if err != nil {
			return nil, err
		}
		res.Findings = append(res.Findings, found...)
		res.Migrations = mig
	}
	sort.SliceStable(res.Findings, func(i, j int) bool {
		a, b := res.Findings[i], res.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Check != b.Check {
			return checkOrder(a.Check) < checkOrder(b.Check)
		}
		return a.RuleID < b.RuleID
	})
	return res, nil
}

// RunsOnCalledModules reports whether a check also runs in called modules.
func RunsOnCalledModules(check string) bool { return check == "fmt" || check == "tflint" }

// PerModule reports whether a check runs on Terraform modules (all but
// migrations, which judges SQL files).
func PerModule(check string) bool { return check != "migrations" }

// module runs the checks on one module; envs are the environments of the
// roots calling it, for a called module. A check that cannot judge the
// module is a notice for it (see contain.go); only a cancelled run is an
// error.
func (v *Validator) module(ctx context.Context, mod string, checks []string, envs []string) ([]Finding, []Notice, error) {
	m := &moduleChecks{v: v, ctx: ctx, mod: mod, rel: relTo(v.Dir, mod)}
	var tf *terraform.Terraform
	var tfErr error
	if slices.Contains(checks, "fmt") || slices.Contains(checks, "validate") {
		tf, tfErr = v.Terraform(ctx, mod)
	}
	steps := []struct {
		check string
		run   func() (checked, error)
	}{
		{"fmt", func() (checked, error) {
			if tfErr != nil {
				return checked{}, tfErr
			}
			return checkFmtModule(ctx, tf, v.Dir, mod)
		}},
		// The lock file before init, which writes one of its own.
		{"validate", func() (checked, error) {
			command := "terraform"
			if tf != nil && tf.Engine != "" {
				command = tf.Engine
			}
			lock, err := checkLockFile(v.Dir, mod, command)
			if lock == nil {
				return checked{}, err
			}
			return checked{notices: []Notice{*lock}}, err
		}},
		{"validate", func() (checked, error) {
			if tfErr != nil {
				return checked{}, tfErr
			}
			fs, notice, err := checkValidate(ctx, tf, v.Dir, mod)
			if notice == nil {
				return checked{findings: fs}, err
			}
			return checked{findings: fs, notices: []Notice{*notice}}, err
		}},
		{"tflint", func() (checked, error) {
			var fs []Finding
			var err error
			if envs != nil {
				fs, err = v.TFLint.LintCalled(ctx, v.Dir, mod, envs)
			} else {
				fs, err = v.TFLint.Lint(ctx, v.Dir, mod)
			}
			return checked{findings: fs}, err
		}},
		{"security", func() (checked, error) {
			fs, err := v.Security.Scan(ctx, v.Dir, mod)
			return checked{findings: fs}, err
		}},
	}
	for _, s := range steps {
		if !slices.Contains(checks, s.check) {
			continue
		}
		if err := m.run(s.check, s.run); err != nil {
			return nil, nil, err
		}
	}
	return m.findings, m.notices, nil
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

func checkOrder(c string) int { return slices.Index(Checks, c) }
