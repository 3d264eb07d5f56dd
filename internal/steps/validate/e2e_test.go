package validate_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/steps/validate"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// TestMain cleans up the test bed of both this package and its internal tests.
func TestMain(m *testing.M) { harness.Main(m) }

// workspace copies a fixture to infra/ in a fresh workspace.
func workspace(t *testing.T, fixture string) string {
	t.Helper()
	ws := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("testdata", fixture), filepath.Join(ws, "infra"))
	return ws
}

func validateRun(t *testing.T, ws string, inputs map[string]string) harness.Run {
	in := map[string]string{"working-directory": "infra", "tflint-path": tfenv.TFLint(t)}
	for k, v := range inputs {
		in[k] = v
	}
	return harness.Run{Step: "validate", Dir: ws, Inputs: in, Env: map[string]string{
		"TF_CLI_CONFIG_FILE": noRegistryConfig(t),
		"TFLINT_PLUGIN_DIR":  tfenv.PluginDir(t),
	}}
}

// sarifLog is the part of SARIF 2.1.0 the tests check.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct{ Name string } `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			Level     string `json:"level"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
					Region           struct{ StartLine int } `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

func TestValidateViolationsInActions(t *testing.T) {
	ws := workspace(t, "violations")
	res := harness.Exec(t, validateRun(t, ws, nil))
	if res.ExitCode != 1 {
		t.Fatalf("exit %d, want 1 (findings at or above high)\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}

	var want int
	for _, l := range strings.Split(expectedFindings(t), "\n") {
		if l != "" && !strings.HasPrefix(l, "modules:") && !strings.HasPrefix(l, "notice ") && !strings.HasPrefix(l, "warning ") {
			want++
		}
	}
	if res.Outputs["findings"] != strconv.Itoa(want) || res.Outputs["failed"] != "true" || res.Outputs["sarif-file"] != "olympus-validate.sarif" {
		t.Errorf("outputs %v, want findings=%d failed=true sarif-file=olympus-validate.sarif", res.Outputs, want)
	}

	// Annotations: at the file and line, paths from the repository root,
	// errors for what fails the step, warnings below it.
	for _, want := range []struct{ level, file, line, rule string }{
		{"error", "infra/policy/main.tf", "48", "olympus_cloud_run_immutable_image"},
		{"error", "infra/bad_ref/main.tf", "2", "terraform_validate"},
		{"error", "infra/fmt_bad/main.tf", "2", "terraform_fmt"},
		{"error", "infra/insecure/main.tf", "19", "google-storage-no-public-access"},
		{"warning", "infra/insecure/main.tf", "22", "google-sql-enable-backup"},
		{"warning", "infra/insecure/main.tf", "1", "terraform_required_version"},
	} {
		if !hasAnnotation(res.Stdout, want.level, want.file, want.line, want.rule) {
			t.Errorf("no ::%s annotation at %s:%s for %s", want.level, want.file, want.line, want.rule)
		}
	}
	if !strings.Contains(res.Stdout, "::notice title=olympus validate%3A validate in policy::") {
		t.Errorf("no notice that validate could not install providers for policy:\n%s", res.Stdout)
	}
	// A warning, not an error: a missing lock file never fails the step.
	if !strings.Contains(res.Stdout, "::warning title=olympus validate%3A validate in policy::no .terraform.lock.hcl") ||
		!strings.Contains(res.Stdout, "providers lock "+validate.LockPlatforms) {
		t.Errorf("no warning that policy has no lock file, with the command to write it:\n%s", res.Stdout)
	}

	b, err := os.ReadFile(filepath.Join(ws, "olympus-validate.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || !strings.Contains(log.Schema, "sarif-schema-2.1.0") {
		t.Errorf("SARIF version %q schema %q", log.Version, log.Schema)
	}
	var results int
	for _, run := range log.Runs {
		for _, r := range run.Results {
			results++
			loc := r.Locations
			if len(loc) != 1 || !strings.HasPrefix(loc[0].PhysicalLocation.ArtifactLocation.URI, "infra/") || loc[0].PhysicalLocation.Region.StartLine < 1 {
				t.Errorf("%s result %s without a repository location: %+v", run.Tool.Driver.Name, r.RuleID, loc)
			}
		}
	}
	if results != want {
		t.Errorf("SARIF has %d results, want %d", results, want)
	}
	golden.Check(t, "e2e.summary.md", stableWords(res.Summary))
}

// expectedFindings are the findings the package test expects, one a line.
func expectedFindings(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "violations.findings"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// hasAnnotation looks for a workflow command ::level file=…,line=…,title=…rule….
func hasAnnotation(stdout, level, file, line, rule string) bool {
	for _, l := range strings.Split(stdout, "\n") {
		if strings.HasPrefix(l, "::"+level+" ") && strings.Contains(l, "file="+file+",") &&
			strings.Contains(l, "line="+line+",") && strings.Contains(l, rule) {
			return true
		}
	}
	return false
}

func TestValidateCleanFixturePasses(t *testing.T) {
	ws := workspace(t, "clean")
	res := harness.Exec(t, validateRun(t, ws, nil))
	if res.ExitCode != 0 || res.Outputs["findings"] != "0" || res.Outputs["failed"] != "false" {
		t.Fatalf("exit %d outputs %v\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Outputs, res.Stdout, res.Stderr)
	}
	if !strings.Contains(res.Summary, "## Validate: passed") {
		t.Errorf("summary:\n%s", res.Summary)
	}
}

func TestValidateThresholdAndChecksChooseWhatFails(t *testing.T) {
	ws := workspace(t, "violations")
	// Only the security scan, failing at critical: defsec's worst here is high.
	res := harness.Exec(t, validateRun(t, ws, map[string]string{"checks": "security", "severity-threshold": "critical"}))
	want := strconv.Itoa(strings.Count(expectedFindings(t), "\nsecurity "))
	if res.ExitCode != 0 || res.Outputs["failed"] != "false" || res.Outputs["findings"] != want {
		t.Errorf("exit %d outputs %v\nstderr:\n%s", res.ExitCode, res.Outputs, res.Stderr)
	}
	if strings.Contains(res.Stdout, "::error ") {
		t.Errorf("an error annotation below the threshold:\n%s", res.Stdout)
	}
}

func TestValidateFromALaptop(t *testing.T) {
	ws := workspace(t, "violations")
	r := validateRun(t, ws, map[string]string{"checks": "fmt"})
	r.Local = true
	res := harness.Exec(t, r)
	if res.ExitCode != 1 {
		t.Fatalf("exit %d\nstderr:\n%s", res.ExitCode, res.Stderr)
	}
	if !strings.Contains(res.Stdout, "## Validate: failed: 2 finding(s) at or above high") || !strings.Contains(res.Stdout, "```diff") {
		t.Errorf("the terminal summary is missing the verdict or the diff:\n%s", res.Stdout)
	}
	if strings.Contains(res.Stdout, "::error") {
		t.Errorf("workflow commands printed outside Actions:\n%s", res.Stdout)
	}
}

func TestValidateBadInputRunsNothing(t *testing.T) {
	outside := t.TempDir()
	for name, tc := range map[string]struct {
		inputs map[string]string
		want   string
	}{
		"unknown check":     {map[string]string{"checks": "fmt,lint"}, `input checks: invalid value "fmt,lint"`},
		"unknown severity":  {map[string]string{"severity-threshold": "severe"}, `input severity-threshold: invalid value "severe"`},
		"missing directory": {map[string]string{"working-directory": "nope"}, `input working-directory: invalid value "nope"`},
		"escapes workspace": {map[string]string{"working-directory": outside}, "outside"},
		"dotdot escape":     {map[string]string{"working-directory": "../"}, "outside"},
		"sarif outside":     {map[string]string{"sarif-file": "../x.sarif"}, `input sarif-file: invalid value "../x.sarif"`},
		"no tflint":         {map[string]string{"tflint-path": "/nonexistent/tflint"}, "tflint not found"},
		"no tflint config":  {map[string]string{"tflint-config": "nope.hcl"}, `input tflint-config: invalid value "nope.hcl"`},
	} {
		t.Run(name, func(t *testing.T) {
			ws := workspace(t, "violations")
			res := harness.Exec(t, validateRun(t, ws, tc.inputs))
			if res.ExitCode != 2 {
				t.Fatalf("exit %d, want 2\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
			}
			if !strings.Contains(res.Stdout+res.Stderr, tc.want) {
				t.Errorf("the error does not say %q:\n%s%s", tc.want, res.Stdout, res.Stderr)
			}
			// Nothing ran: no SARIF, no terraform init, no outputs.
			if _, err := os.Stat(filepath.Join(ws, "olympus-validate.sarif")); err == nil {
				t.Error("a SARIF file was written")
			}
			if _, err := os.Stat(filepath.Join(ws, "infra", "bad_ref", ".terraform")); err == nil {
				t.Error("terraform init ran")
			}
			if len(res.Outputs) != 0 {
				t.Errorf("outputs were set: %v", res.Outputs)
			}
		})
	}
}
