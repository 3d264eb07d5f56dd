package infra

import (
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

func TestMain(m *testing.M) { harness.Main(m) }

// workspace copies terraform/ and the repository's .tflint.hcl into a
// fresh workspace, and applies edits (path => old => new) to the copy.
func workspace(t *testing.T, edits map[string][2]string) string {
	t.Helper()
	ws := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "terraform"), filepath.Join(ws, "terraform"))
	b, err := os.ReadFile(filepath.Join("..", "..", ".tflint.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(ws, ".tflint.hcl"), b, 0o644)
	for path, e := range edits {
		p := filepath.Join(ws, "terraform", path)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), e[0]) {
			t.Fatalf("%s does not contain %q", path, e[0])
		}
		os.WriteFile(p, []byte(strings.Replace(string(b), e[0], e[1], 1)), 0o644)
	}
	return ws
}

func validate(t *testing.T, ws string) *harness.Result {
	t.Helper()
	return harness.Exec(t, harness.Run{Step: "validate", Dir: ws,
		Inputs: map[string]string{"working-directory": "terraform", "tflint-path": tfenv.TFLint(t)},
		Env:    map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TFLINT_PLUGIN_DIR": tfenv.PluginDir(t)}})
}

// TestTerraformIsCleanUnderValidate is the check CI runs on terraform/:
// no finding at all, and the only notice is that providers cannot be
// installed offline.
func TestTerraformIsCleanUnderValidate(t *testing.T) {
	res := validate(t, workspace(t, nil))
	if res.ExitCode != 0 || res.Outputs["findings"] != "0" {
		t.Fatalf("exit %d outputs %v\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Outputs, res.Stdout, res.Stderr)
	}
	var notices []string
	for _, l := range strings.Split(res.Stdout, "\n") {
		if strings.HasPrefix(l, "::notice") {
			notices = append(notices, l)
		}
	}
	if len(notices) != 1 || !strings.Contains(notices[0], "could not install the providers") {
		t.Errorf("notices: %q", notices)
	}
}

func TestEveryOlympusRuleFiresOnABrokenCopy(t *testing.T) {
	ws := workspace(t, map[string][2]string{
		// PITR turned off in the database module.
		"modules/cloud-sql/main.tf": {"point_in_time_recovery_enabled = true", "point_in_time_recovery_enabled = false"},
		// staging writes prod's state.
		"environments/staging/backend.tfbackend": {`bucket = "olympus-staging-4b2a-tfstate"
prefix = "olympus/staging"`, `bucket = "olympus-prod-9c3f-tfstate"
prefix = "olympus/prod"`},
		// Three days of transaction logs in prod.
		"environments/prod/terraform.tfvars": {"sql_log_retention_days     = 7", "sql_log_retention_days     = 3"},
		// A mutable image in dev.
		"environments/dev/terraform.tfvars": {"olympus-api@sha256:4b7ce07002c69e8f3d704a9c5d6fd3053be500b7f1c69fc0d80990c2ad8dd412", "olympus-api:latest"},
		// A project written into a module.
		"modules/cloud-run-service/main.tf": {"resource \"google_service_account\" \"runtime\" {\n  project      = var.project_id", "resource \"google_service_account\" \"runtime\" {\n  project      = \"olympus-prod-9c3f\""},
	})
	res := validate(t, ws)
	if res.ExitCode != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	for _, rule := range []string{"olympus_sql_backup_pitr", "olympus_prod_sql_retention", "olympus_backend_per_environment",
		"olympus_cloud_run_immutable_image", "olympus_no_hardcoded_project"} {
		fired := slices.ContainsFunc(strings.Split(res.Stdout, "\n"), func(l string) bool {
			return strings.HasPrefix(l, "::error file=terraform/") && strings.Contains(l, rule)
		})
		if !fired {
			t.Errorf("%s did not fire", rule)
		}
	}
}

// Settings that may differ between staging and production: the project and
// what is named after it, and sizes and counts. Everything else must be the
// same, so staging tests what production runs.
var parityAllowed = []string{
	"environment", "project_id", "state_bucket", "api_image",
	"api_min_instances", "api_max_instances", "api_cpu", "api_memory",
	"sql_tier", "sql_disk_size_gb", "sql_backup_retention_count",
}

func tfvars(t *testing.T, path string) map[string]string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return parseTFVars(t, src, path)
}

func parseTFVars(t *testing.T, src []byte, name string) map[string]string {
	t.Helper()
	f, diags := hclparse.NewParser().ParseHCL(src, name)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	out := map[string]string{}
	for name, a := range attrs {
		out[name] = string(a.Expr.Range().SliceBytes(src))
	}
	return out
}

// parityViolations lists what differs between staging and prod beyond the
// allowed settings.
func parityViolations(staging, prod map[string]string) []string {
	var out []string
	keys := map[string]bool{}
	for k := range staging {
		keys[k] = true
	}
	for k := range prod {
		keys[k] = true
	}
	for k := range keys {
		s, inS := staging[k]
		p, inP := prod[k]
		switch {
		case !inS || !inP:
			out = append(out, k+" is set in only one of staging and prod")
		case s != p && !slices.Contains(parityAllowed, k):
			out = append(out, k+" differs: staging "+s+", prod "+p)
		}
	}
	sort.Strings(out)
	return out
}

func TestStagingMirrorsProduction(t *testing.T) {
	staging := tfvars(t, "../../terraform/environments/staging/terraform.tfvars")
	prod := tfvars(t, "../../terraform/environments/prod/terraform.tfvars")
	if v := parityViolations(staging, prod); len(v) > 0 {
		t.Errorf("staging and prod differ beyond sizes and names:\n%s", strings.Join(v, "\n"))
	}
	dev := tfvars(t, "../../terraform/environments/dev/terraform.tfvars")
	if len(dev) != len(prod) {
		t.Errorf("dev sets %d variables, prod %d: every environment sets the same ones", len(dev), len(prod))
	}

	// The check itself catches a setting added to prod only, and a
	// non-size setting that drifts.
	mutated := map[string]string{}
	for k, v := range prod {
		mutated[k] = v
	}
	mutated["api_concurrency"] = "80"
	mutated["sql_availability_type"] = `"ZONAL"`
	got := parityViolations(staging, mutated)
	want := []string{"api_concurrency is set in only one of staging and prod", `sql_availability_type differs: staging "REGIONAL", prod "ZONAL"`}
	if !slices.Equal(got, want) {
		t.Errorf("on a mutated prod: %q, want %q", got, want)
	}
}

func TestEveryVariableAndOutputHasADescriptionAndAType(t *testing.T) {
	files, _ := filepath.Glob("../../terraform/*.tf")
	mods, _ := filepath.Glob("../../terraform/modules/*/*.tf")
	parser := hclparse.NewParser()
	for _, path := range append(files, mods...) {
		f, diags := parser.ParseHCLFile(path)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		content, _, _ := f.Body.PartialContent(&hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
			{Type: "variable", LabelNames: []string{"name"}}, {Type: "output", LabelNames: []string{"name"}},
		}})
		for _, b := range content.Blocks {
			attrs, _ := b.Body.JustAttributes()
			if _, ok := attrs["description"]; !ok {
				t.Errorf("%s: %s %q has no description", path, b.Type, b.Labels[0])
			}
			if _, ok := attrs["type"]; !ok && b.Type == "variable" {
				t.Errorf("%s: variable %q has no type", path, b.Labels[0])
			}
		}
	}
}
