package tflintrules_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
	"github.com/olympus-cloud/deploy-actions/internal/tflintrules"
)

func TestMain(m *testing.M) {
	code := m.Run()
	tfenv.Cleanup()
	os.Exit(code)
}

// TestRealTFLintLoadsThePlugin runs the pinned tflint with the built plugin
// on testdata/module, as prod and as dev, the way validate does.
func TestRealTFLintLoadsThePlugin(t *testing.T) {
	tflint, plugins := tfenv.TFLint(t), tfenv.PluginDir(t)
	cfg := filepath.Join(t.TempDir(), "tflint.hcl")
	// Only our rules, so the expectations below are only about them.
	os.WriteFile(cfg, []byte("plugin \"terraform\" {\n  enabled = false\n}\nplugin \"olympus\" {\n  enabled = true\n}\n"), 0o644)
	dir, _ := filepath.Abs("testdata/module")

	lint := func(env string, args ...string) []string {
		t.Helper()
		cmd := exec.Command(tflint, append([]string{"--format=json", "--force", "--config=" + cfg}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TFLINT_PLUGIN_DIR="+plugins, tflintrules.EnvironmentVariable+"="+env)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("tflint %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		var res struct {
			Issues []struct {
				Rule    struct{ Name string }
				Message string
				Range   struct{ Start struct{ Line int } }
			}
			Errors []struct{ Message string }
		}
		if err := json.Unmarshal(out, &res); err != nil || len(res.Errors) > 0 {
			t.Fatalf("tflint output %s: %v", out, err)
		}
		var got []string
		for _, is := range res.Issues {
			got = append(got, fmt.Sprintf("%d %s: %s", is.Range.Start.Line, is.Rule.Name, is.Message))
		}
		return got
	}

	common := []string{
		`2 olympus_backend_per_environment: environments "dev" and "prod" share the state gs://olympus-tfstate/olympus/dev: give each its own bucket or prefix`,
		`27 olympus_no_hardcoded_project: project = "olympus-dev-1234" is hard-coded: take the project from a variable set per environment`,
		`30 olympus_cloud_run_immutable_image: image "europe-docker.pkg.dev/olympus/api/api" has no tag or digest: deploy a digest (@sha256:…) or a release tag`,
	}
	prod := lint("prod", "--var-file=environments/prod/terraform.tfvars")
	wantProd := append([]string{common[0], `21 olympus_prod_sql_retention: in prod, transaction_log_retention_days must be 7`}, common[1:]...)
	if diff := cmp.Diff(wantProd, prod); diff != "" {
		t.Errorf("prod (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(common, lint("dev", "--var-file=environments/dev/terraform.tfvars")); diff != "" {
		t.Errorf("dev (-want +got):\n%s", diff)
	}

	cmd := exec.Command(tflint, "--version", "--config="+cfg)
	cmd.Env = append(os.Environ(), "TFLINT_PLUGIN_DIR="+plugins)
	version, err := cmd.CombinedOutput()
	if want := fmt.Sprintf("ruleset.olympus (%s)", tflintrules.Version); err != nil || !strings.Contains(string(version), want) {
		t.Errorf("tflint --version does not list %q: %v\n%s", want, err, version)
	}
}
