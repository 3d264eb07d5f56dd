package validate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/tfinstall"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// TFLintInstallHint says how to get the tflint validate expects.
const TFLintInstallHint = "install tflint v0.64.0 (go install github.com/terraform-linters/tflint@v0.64.0, " +
	"or bash scripts/install-tool.sh tflint in this repository), then put it on PATH or pass its path as tflint-path; " +
	"or leave tflint out of checks"

// PluginName is the olympus ruleset's binary, as tflint looks for it.
const PluginName = "tflint-ruleset-olympus"

func run(ctx context.Context, rt *step.Runtime) error {
	v, cleanup, err := resolve(ctx, rt)
	if err != nil {
		return err
	}
	defer cleanup()
	threshold, sarifPath := v.Threshold, v.SARIF

	res, err := v.Run(ctx)
	if err != nil {
		return err
	}
	base, _ := filepath.Rel(rt.Workdir, v.Dir)
	for i := range res.Findings {
		// Annotations and code scanning want paths from the repository
		// root; migrations are found from there already.
		if PerModule(res.Findings[i].Check) {
			res.Findings[i].File = filepath.ToSlash(filepath.Join(base, res.Findings[i].File))
		}
	}
	var sarif bytes.Buffer
	if err := WriteSARIF(&sarif, v.Checks, res.Findings); err != nil {
		return err
	}
	if err := step.WriteFile(sarifPath, []byte(rt.Report.Redact(sarif.String())), 0o644); err != nil {
		return fmt.Errorf("failed to write the SARIF file: %w", err)
	}
	for _, f := range res.Findings {
		rt.Report.Annotate(annotation(f, threshold))
	}
	if res.Migrations != nil {
		for _, c := range res.Migrations.Contracts {
			rt.Report.Annotate(step.Annotation{Level: "notice", File: c.File, Line: c.Contract.Line,
				Title:   fmt.Sprintf("olympus validate: contract phase, %d destructive statement(s) allowed", len(c.Allowed)),
				Message: "Reason: " + c.Contract.Reason})
		}
	}
	for _, n := range res.Notices {
		level := n.Level
		if level == "" {
			level = "notice"
		}
		rt.Report.Annotate(step.Annotation{Level: level, Title: "olympus validate: " + n.Check + " in " + n.Module, Message: n.Message})
	}
	failing := res.Failing(threshold)
	rt.Report.SetOutput("findings", strconv.Itoa(len(res.Findings)))
	rt.Report.SetOutput("failed", strconv.FormatBool(len(failing) > 0))
	rt.Report.SetOutput("sarif-file", v.SARIFShown)
	rt.Report.Summary(Summary(res, v.Checks, threshold))
	if len(failing) > 0 {
		return step.Refusef("validate found %d finding(s) at or above %s", len(failing), threshold)
	}
	return nil
}

func annotation(f Finding, threshold Severity) step.Annotation {
	level := "warning"
	switch {
	case f.Severity >= threshold:
		level = "error"
	case f.Severity == Low:
		level = "notice"
	}
	msg := f.Message
	if f.Link != "" {
		msg += "\n" + f.Link
	}
	return step.Annotation{Level: level, File: f.File, Line: f.Line,
		Title: fmt.Sprintf("%s %s (%s): %s", f.Check, f.RuleID, f.Severity, f.Title), Message: msg}
}

// resolve checks every input and finds the tools before any check runs, so
// that bad input runs nothing.
func resolve(ctx context.Context, rt *step.Runtime) (*Validator, func(), error) {
	nothing := func() {}
	dir, err := rt.Dir("working-directory")
	if err != nil {
		return nil, nothing, err
	}
	checks := rt.Inputs.List("checks")
	if len(checks) == 0 {
		return nil, nothing, step.InputError("checks", "", fmt.Errorf("name at least one of %s", strings.Join(Checks, ", ")))
	}
	// Run them in the canonical order, once each, whatever order was given.
	checks = slices.DeleteFunc(slices.Clone(Checks), func(c string) bool { return !slices.Contains(checks, c) })
	// Where the results go is checked before any check runs: a bad path
	// must not cost a whole run.
	sarif, err := rt.OutputPath("sarif-file", rt.Inputs.String("sarif-file"))
	if err != nil {
		return nil, nothing, err
	}
	if st, err := os.Stat(filepath.Dir(sarif)); err != nil || !st.IsDir() {
		return nil, nothing, step.InputError("sarif-file", rt.Inputs.String("sarif-file"), fmt.Errorf("its directory %q does not exist; create it or name a file in the workspace", filepath.Dir(sarif)))
	}
	threshold, err := ParseSeverity(rt.Inputs.String("severity-threshold"))
	if err != nil {
		return nil, nothing, step.InputError("severity-threshold", rt.Inputs.String("severity-threshold"), err)
	}
	v := &Validator{Dir: dir, Checks: checks, Security: NewSecurityScanner(), SARIF: sarif, SARIFShown: rt.Inputs.String("sarif-file"),
		Threshold: threshold, Log: rt.Log()}
	if m := rt.Getenv(SeamScannerPanic); m != "" {
		v.Security = panicsIn{v.Security, filepath.Clean(m)}
	}
	if p := rt.Inputs.String("tflint-path"); p != "" && !slices.Contains(checks, "tflint") {
		if _, err := rt.Tool("tflint-path", p); err != nil {
			return nil, nothing, err
		}
	}

	proj, err := layouts(rt, v)
	if err != nil {
		return nil, nothing, err
	}
	if slices.Contains(checks, "fmt") || slices.Contains(checks, "validate") {
		engine, err := rt.Engine()
		if err != nil {
			return nil, nothing, err
		}
		engine.Name, engine.Version = proj.EngineFor(engine.Name, engine.Version, engine.Path)
		// Each root module runs the terraform it asks for (its pin or
		// required_version); the choice is checked now, before any check
		// runs, for the working directory. The session plans nothing, so
		// it keeps no files to close.
		req, err := tfinstall.NewRequest(engine, rt.Getenv, rt.Log())
		if err != nil {
			return nil, nothing, err
		}
		// Masks: whatever terraform prints (its version's failure too)
		// may quote what a module's secret variables are given.
		tf, err := terraform.Open(ctx, terraform.SessionOptions{Dir: dir, Logger: rt.Log(), Engine: req, Masks: rt.Report, Getenv: rt.Getenv})
		if err != nil {
			return nil, nothing, err
		}
		// With TF_DATA_DIR set (always inside Actions), each module gets
		// its own data directory under it: modules are checked at once.
		dataRoot := rt.Getenv("TF_DATA_DIR")
		v.Terraform = func(ctx context.Context, mod string) (*terraform.Terraform, error) {
			dataDir := ""
			if dataRoot != "" {
				rel, _ := filepath.Rel(dir, mod)
				dataDir = filepath.Join(dataRoot, "validate", strings.NewReplacer("/", "__", "..", "_up_").Replace(filepath.ToSlash(rel)))
			}
			return tf.Module(ctx, mod, dataDir)
		}
	}
	cleanup := nothing
	if slices.Contains(checks, "tflint") {
		v.TFLint, cleanup, err = resolveTFLint(ctx, rt, dir)
		if err != nil {
			return nil, nothing, err
		}
	}
	if slices.Contains(checks, "migrations") {
		if v.Migrations, err = resolveMigrations(ctx, rt); err != nil {
			cleanup()
			return nil, nothing, err
		}
		tflintCleanup := cleanup
		cleanup = func() { tflintCleanup(); v.Migrations.Root.Close() }
	}
	return v, cleanup, nil
}

// resolveTFLint finds tflint, its configuration and the olympus plugin.
func resolveTFLint(ctx context.Context, rt *step.Runtime, dir string) (*TFLint, func(), error) {
	nothing := func() {}
	// Every input is judged before any tool is looked for.
	if given := rt.Inputs.String("tflint-config"); given != "" {
		if _, err := rt.File("tflint-config", given, rt.Workdir); err != nil {
			return nil, nothing, err
		}
	}
	// Empty means tflint on PATH, never a "tflint" in the workspace: a
	// pull request must not choose the program that runs with the job's
	// environment.
	var bin string
	var err error
	if path := rt.Inputs.String("tflint-path"); path != "" {
		if bin, err = rt.Tool("tflint-path", path); err != nil {
			return nil, nothing, step.InputError("tflint-path", path, fmt.Errorf("tflint not found there: %s", TFLintInstallHint))
		}
	} else if bin, err = exec.LookPath("tflint"); err != nil || !filepath.IsAbs(bin) {
		return nil, nothing, step.InputError("tflint-path", "", fmt.Errorf("tflint not found on PATH: %s", TFLintInstallHint))
	}

	l := &TFLint{Path: bin}
	cleanup := nothing
	cfgText := DefaultTFLintConfig
	switch given := rt.Inputs.String("tflint-config"); {
	case given != "":
		if l.Config, err = rt.File("tflint-config", given, rt.Workdir); err != nil {
			return nil, nothing, err
		}
		b, err := os.ReadFile(l.Config)
		if err != nil {
			return nil, nothing, step.InputError("tflint-config", given, fmt.Errorf("cannot read it; give a .tflint.hcl relative to %q", rt.Workdir))
		}
		cfgText = string(b)
	default:
		for _, d := range []string{dir, rt.Workdir} {
			p, err := rt.OptionalFile("tflint-config", ".tflint.hcl", d)
			if err != nil {
				return nil, nothing, err
			}
			if p == "" {
				continue
			}
			if b, err := os.ReadFile(p); err == nil {
				l.Config, cfgText = p, string(b)
				break
			}
		}
		if l.Config == "" {
			tmp, err := os.MkdirTemp("", "olympus-tflint-")
			if err != nil {
				return nil, nothing, fmt.Errorf("failed to write the built-in tflint config: %w", err)
			}
			cleanup = func() { os.RemoveAll(tmp) }
			l.Config = filepath.Join(tmp, "tflint.hcl")
			if err := os.WriteFile(l.Config, []byte(DefaultTFLintConfig), 0o644); err != nil {
				cleanup()
				return nil, nothing, fmt.Errorf("failed to write the built-in tflint config: %w", err)
			}
		}
	}
	if l.Config, err = filepath.Abs(l.Config); err != nil {
		cleanup()
		return nil, nothing, err
	}

	l.PluginDir = rt.Getenv("TFLINT_PLUGIN_DIR")
	if l.PluginDir == "" {
		if self, err := os.Executable(); err == nil {
			l.PluginDir = filepath.Dir(self)
		}
	}
	plugins := tflintPlugins(cfgText)
	if p, ok := plugins["olympus"]; ok && p.Source == "" {
		if _, err := os.Stat(filepath.Join(l.PluginDir, PluginName)); err != nil {
			cleanup()
			return nil, nothing, step.Usagef("the olympus tflint plugin %s is not in %q: set TFLINT_PLUGIN_DIR to the directory that holds it (make build puts it in bin/)", PluginName, l.PluginDir)
		}
	}
	cache, err := step.CacheDir(rt.Getenv)
	if err != nil {
		cleanup()
		return nil, nothing, err
	}
	if err := l.initPlugins(ctx, plugins, filepath.Join(cache, "tflint-plugins")); err != nil {
		cleanup()
		return nil, nothing, err
	}
	return l, cleanup, nil
}
