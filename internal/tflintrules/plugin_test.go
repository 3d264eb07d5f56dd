package tflintrules_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
// on testdata/module, as prod and as dev, the way validate does: every rule
// fires once, through what only real tflint evaluates (for_each, locals,
// functions, the environment's values).
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

	const invoker = "olympus_cloud_run_invoker_policy: google_cloud_run_v2_service.api takes traffic from the internet (INGRESS_TRAFFIC_ALL) and no authoritative policy says who may invoke it: " +
		"add a google_cloud_run_v2_service_iam_policy or _iam_binding for roles/run.invoker, or use internal ingress or a load balancer"
	// Every rule, as each environment sees it: %[1]s is the environment.
	want := []string{
		`2 olympus_backend_per_environment: environments "dev" and "prod" share the state gs://olympus-tfstate/olympus/dev: give each its own bucket or prefix`,
		"prod 22 olympus_prod_sql_deletion_protection: in prod, set settings.deletion_protection_enabled = true so the API refuses to delete the instance (Terraform's deletion_protection guards plans only)",
		"prod 22 olympus_prod_sql_deletion_protection: in prod, set settings.retain_backups_on_delete = true so its backups outlive a deletion",
		`23 olympus_sql_edition_tier: POSTGRES_16 without settings.edition is ENTERPRISE_PLUS, which rejects tier "db-custom-2-7680": set edition = "ENTERPRISE", or use a db-perf-optimized-N-* tier`,
		"prod 27 olympus_prod_sql_retention: in prod, transaction_log_retention_days must be 7",
		"32 " + invoker,
		`33 olympus_no_hardcoded_project: project = "olympus-dev-1234" is hard-coded: take the project from a variable set per environment`,
		`36 olympus_cloud_run_immutable_image: image "europe-docker.pkg.dev/olympus/api/api" has no tag or digest: deploy a digest (@sha256:…) or a release tag`,
		// Through a local, with the account id from the environment's values.
		"71 olympus_wif_apply_restricted: terraform-apply-%[1]s can be impersonated through provider google_iam_workload_identity_pool_provider.ci without a ref and workflow condition: " +
			"require assertion.ref (such as == 'refs/heads/main') and assertion.workflow_ref (the workflow file on that ref) in its attribute_condition",
		// for_each over a set of roles, and over a map of members.
		"81 olympus_plan_identity_read_only: plan identity terraform-plan has project-wide secret access (roles/secretmanager.secretAccessor): plans must not need secrets; grant access to single secrets to the identities that use them",
		"81 olympus_plan_identity_no_export: plan identity terraform-plan holds roles/viewer, which can export Cloud SQL databases (cloudsql.instances.export): " +
			"any branch that can become it can copy production data out; grant a custom role holding only what a refresh reads",
		`91 olympus_plan_identity_read_only: plan identity terraform-plan can write the Terraform state (roles/storage.objectUser on "olympus-tfstate"): grant roles/storage.objectViewer, and plan with -lock=false`,
		// The unconditioned grant only: the apply account's condition,
		// built with join and formatlist, limits it to two harmless roles.
		"97 olympus_conditional_iam_admin: roles/resourcemanager.projectIamAdmin without an IAM condition can grant any role, roles/owner included: add a condition " +
			"api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([...]) listing only the roles this configuration grants",
		// A custom role's permissions from a local, the role by reference.
		"131 olympus_sql_recover_least_privilege: sql-recover identity sql-recover holds olympusSqlRecover without an IAM condition on the instance name prefix: add condition { expression = \"" +
			"resource.type != 'sqladmin.googleapis.com/Instance' || resource.name.startsWith('projects/<project>/instances/<prefix>')\" }",
		"131 olympus_sql_recover_least_privilege: the custom role olympusSqlRecover gives sql-recover identity sql-recover cloudsql.instances.export, beyond cloudsql.instances.clone, cloudsql.instances.get, cloudsql.instances.list",
	}
	expect := func(env string) []string {
		var out []string
		for _, w := range want {
			if rest, ok := strings.CutPrefix(w, "prod "); ok {
				if env != "prod" {
					continue
				}
				w = rest
			}
			out = append(out, strings.ReplaceAll(w, "%[1]s", env))
		}
		return out
	}
	for _, env := range []string{"prod", "dev"} {
		got := lint(env, "--var-file=environments/"+env+"/terraform.tfvars")
		if diff := cmp.Diff(expect(env), got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", env, diff)
		}
	}

	// A module that roots call is linted with their environments,
	// comma-separated (validate's LintCalled): production rules apply when
	// production is one of them, judging what the module writes out.
	called := lint("dev,prod,staging")
	if !slices.Contains(called, expect("prod")[1]) {
		t.Errorf("linted for dev,prod,staging, the production rules did not run:\n%s", strings.Join(called, "\n"))
	}

	cmd := exec.Command(tflint, "--version", "--config="+cfg)
	cmd.Env = append(os.Environ(), "TFLINT_PLUGIN_DIR="+plugins)
	version, err := cmd.CombinedOutput()
	if want := fmt.Sprintf("ruleset.olympus (%s)", tflintrules.Version); err != nil || !strings.Contains(string(version), want) {
		t.Errorf("tflint --version does not list %q: %v\n%s", want, err, version)
	}
}
