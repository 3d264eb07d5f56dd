package validate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/tflintrules"
)

// DefaultTFLintConfig is used when the repository has no .tflint.hcl: the
// bundled terraform ruleset's recommended preset and the Olympus ruleset.
const DefaultTFLintConfig = `config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "olympus" {
  enabled = true
}
`

// TFLint runs tflint as a subprocess on one root module at a time.
type TFLint struct {
	Path      string // the tflint binary
	Config    string // absolute path of the .tflint.hcl to use
	PluginDir string // TFLINT_PLUGIN_DIR, where tflint-ruleset-olympus is
	Timeout   time.Duration
}

// tflintOutput is tflint's --format=json.
type tflintOutput struct {
	Issues []struct {
		Rule struct {
			Name, Severity, Link string
		} `json:"rule"`
		Message string      `json:"message"`
		Range   tflintRange `json:"range"`
	} `json:"issues"`
	Errors []struct {
		Summary, Message, Severity string
		Range                      *tflintRange `json:"range"`
	} `json:"errors"`
}

type tflintRange struct {
	Filename string `json:"filename"`
	Start    struct {
		Line int `json:"line"`
	} `json:"start"`
	End struct {
		Line int `json:"line"`
	} `json:"end"`
}

var tflintSeverity = map[string]Severity{"error": High, "warning": Medium, "notice": Low}

// Lint runs tflint on a root module once per environment (see
// PerEnvironment), with that environment's values and
// OLYMPUS_ENVIRONMENT=<env>.
func (l *TFLint) Lint(ctx context.Context, root, mod string) ([]Finding, error) {
	return PerEnvironment(ctx, mod, func(ev EnvVars) ([]Finding, error) {
		return l.run(ctx, root, mod, ev.Env, ev.VarFiles...)
	})
}

// LintCalled runs tflint once on a module that roots call, with
// OLYMPUS_ENVIRONMENT listing the callers' environments (comma-separated):
// its variables have no values of their own, but a rule about production
// still judges what the module writes out when production deploys it.
func (l *TFLint) LintCalled(ctx context.Context, root, mod string, envs []string) ([]Finding, error) {
	return l.run(ctx, root, mod, strings.Join(envs, ","))
}

func (l *TFLint) run(ctx context.Context, root, mod, env string, varFiles ...string) ([]Finding, error) {
	timeout := l.Timeout
	if timeout == 0 {
		timeout = 10 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	args := []string{"--format=json", "--force", "--no-color", "--config=" + l.Config}
	for _, vf := range varFiles {
		args = append(args, "--var-file="+vf)
	}
	cmd := exec.CommandContext(ctx, l.Path, args...)
	// The working directory is the module: tflint reads it, and the
	// olympus backend rule reads environments/*/backend.tfbackend there.
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "TFLINT_PLUGIN_DIR="+l.PluginDir, tflintrules.EnvironmentVariable+"="+env, "TFLINT_LOG=")
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("failed to run tflint: %w", ctx.Err())
	}
	var out tflintOutput
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		if runErr == nil {
			runErr = err
		}
		return nil, fmt.Errorf("failed to run tflint: %w: %s", runErr, strings.TrimSpace(stderr.String()))
	}
	relMod, _ := filepath.Rel(root, mod)
	var fs []Finding
	var broken []string
	for _, e := range out.Errors {
		if e.Range == nil || e.Range.Filename == "" {
			msg := e.Message
			if e.Summary != "" {
				msg = e.Summary + ": " + msg
			}
			broken = append(broken, msg)
			continue
		}
		// A file tflint cannot read: terraform validate reports it too.
		fs = append(fs, Finding{Check: "tflint", RuleID: "tflint_error", Severity: Critical,
			File: filepath.Join(relMod, e.Range.Filename), Line: e.Range.Start.Line, EndLine: e.Range.End.Line,
			Title: e.Summary, Message: strings.TrimSpace(e.Summary + ": " + e.Message),
			Link: "https://github.com/terraform-linters/tflint"})
	}
	if len(broken) > 0 {
		return nil, fmt.Errorf("failed to run tflint: %w", errors.New(strings.Join(broken, "; ")))
	}
	for _, is := range out.Issues {
		sev, ok := tflintSeverity[is.Rule.Severity]
		if !ok {
			sev = Medium
		}
		fs = append(fs, Finding{Check: "tflint", RuleID: is.Rule.Name, Severity: sev,
			File: filepath.Join(relMod, is.Range.Filename), Line: is.Range.Start.Line, EndLine: is.Range.End.Line,
			Title: is.Rule.Name, Message: is.Message, Link: is.Rule.Link})
	}
	return fs, nil
}
