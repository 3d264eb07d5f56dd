package validate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// TestSourcedTFLintPluginsComeFromTheCache: a configuration that takes the
// olympus ruleset from a source has tflint --init find it in the job's
// cache, under HOME, and the ruleset's findings are reported; nothing is
// downloaded.
func TestSourcedTFLintPluginsComeFromTheCache(t *testing.T) {
	ws := workspace(t, "violations")
	home := t.TempDir()
	cached := filepath.Join(home, ".cache", "olympus", "tflint-plugins", "github.com", "olympus-cloud", "tflint-ruleset-olympus", "0.1.0", "tflint-ruleset-olympus")
	os.MkdirAll(filepath.Dir(cached), 0o755)
	b, err := os.ReadFile(filepath.Join(tfenv.PluginDir(t), "tflint-ruleset-olympus"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(cached, b, 0o755)
	os.WriteFile(filepath.Join(ws, ".tflint.hcl"), []byte(`config {
  call_module_type = "local"
}
plugin "olympus" {
  enabled = true
  version = "0.1.0"
  source  = "github.com/olympus-cloud/tflint-ruleset-olympus"
}
`), 0o644)
	run := validateRun(t, ws, map[string]string{"checks": "tflint"})
	run.Env["HOME"] = home
	run.Env["TFLINT_PLUGIN_DIR"] = t.TempDir() // not where the plugin is
	// Nothing may leave this machine: a download would fail at once.
	run.Env["HTTPS_PROXY"] = "http://127.0.0.1:9"
	res := harness.Exec(t, run)
	if res.ExitCode != 1 || !strings.Contains(res.Stdout, "olympus_cloud_run_immutable_image") {
		t.Fatalf("exit %d, want 1 with the ruleset's findings\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
}

// TestAFailedTFLintInitIsAnExternalFailure: a plugin that cannot be
// installed stops validate with exit 3 and tflint's own message.
func TestAFailedTFLintInitIsAnExternalFailure(t *testing.T) {
	ws := workspace(t, "violations")
	os.WriteFile(filepath.Join(ws, ".tflint.hcl"), []byte(`plugin "google" {
  enabled = true
  version = "0.30.0"
  source  = "github.com/terraform-linters/tflint-ruleset-google"
}
`), 0o644)
	run := validateRun(t, ws, nil)
	run.Env["HTTPS_PROXY"] = "http://127.0.0.1:9"
	res := harness.Exec(t, run)
	if res.ExitCode != 3 {
		t.Fatalf("exit %d, want 3\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	for _, want := range []string{"tflint --init", "google", "Failed to install a plugin"} {
		if !strings.Contains(res.Stdout, want) {
			t.Errorf("the error lacks %q:\n%s", want, res.Stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(ws, "olympus-validate.sarif")); err == nil {
		t.Errorf("checks ran although the plugins could not be installed")
	}
}
