package infra

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
	"github.com/olympus-cloud/deploy-actions/internal/tflintrules"
)

func TestMain(m *testing.M) { harness.Main(m) }

// edit replaces old with new, once, in a file of the terraform/ copy.
type edit struct{ path, old, new string }

// workspace copies terraform/ and the repository's .tflint.hcl into a
// fresh workspace, and applies edits to the copy.
func workspace(t *testing.T, edits []edit) string {
	t.Helper()
	ws := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "terraform"), filepath.Join(ws, "terraform"))
	b, err := os.ReadFile(filepath.Join("..", "..", "..", ".tflint.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(ws, ".tflint.hcl"), b, 0o644)
	for _, e := range edits {
		p := filepath.Join(ws, "terraform", e.path)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), e.old) {
			t.Fatalf("%s does not contain %q", e.path, e.old)
		}
		os.WriteFile(p, []byte(strings.Replace(string(b), e.old, e.new, 1)), 0o644)
	}
	return ws
}

func traversal(names ...string) hcl.Traversal {
	tr := hcl.Traversal{hcl.TraverseRoot{Name: names[0]}}
	for _, n := range names[1:] {
		tr = append(tr, hcl.TraverseAttr{Name: n})
	}
	return tr
}

func validate(t *testing.T, ws string) *harness.Result {
	t.Helper()
	return harness.Exec(t, harness.Run{Step: "validate", Dir: ws,
		Inputs: map[string]string{"working-directory": "terraform", "tflint-path": tfenv.TFLint(t)},
		Env:    map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TFLINT_PLUGIN_DIR": tfenv.PluginDir(t)}})
}

// TestTerraformIsCleanUnderValidate is the check CI runs on terraform/:
// no finding at all. The only notices, for each root module (the olympus
// root and bootstrap/), are that providers cannot be installed offline and
// a warning that no dependency lock file is committed (it cannot be
// written without the registry: README.md says how).
func TestTerraformIsCleanUnderValidate(t *testing.T) {
	res := validate(t, workspace(t, nil))
	if res.ExitCode != 0 || res.Outputs["findings"] != "0" {
		t.Fatalf("exit %d outputs %v\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Outputs, res.Stdout, res.Stderr)
	}
	var got []string
	for _, l := range strings.Split(res.Stdout, "\n") {
		if strings.HasPrefix(l, "::notice") || strings.HasPrefix(l, "::warning") || strings.HasPrefix(l, "::error") {
			level, rest, _ := strings.Cut(l, " title=olympus validate%3A validate in ")
			mod, msg, _ := strings.Cut(rest, "::")
			switch {
			case strings.Contains(msg, "could not install the providers"):
				msg = "no providers"
			case strings.HasPrefix(msg, "no .terraform.lock.hcl") && strings.Contains(msg, "providers lock -platform=linux_amd64 -platform=linux_arm64"):
				msg = "no lock file"
			}
			got = append(got, level+" "+mod+": "+msg)
		}
	}
	sort.Strings(got)
	want := []string{"::notice .: no providers", "::notice bootstrap: no providers", "::warning .: no lock file", "::warning bootstrap: no lock file"}
	if !slices.Equal(got, want) {
		t.Errorf("annotations %q, want %q", got, want)
	}
}

// TestEveryOlympusRuleFiresOnABrokenCopy breaks each rule of the Olympus
// ruleset once in a copy of terraform/, the way the review of issue 14
// found it broken where it applies, and checks validate reports each.
func TestEveryOlympusRuleFiresOnABrokenCopy(t *testing.T) {
	ws := workspace(t, []edit{
		// PITR turned off in the database module.
		{"modules/cloud-sql/main.tf", "point_in_time_recovery_enabled = true", "point_in_time_recovery_enabled = false"},
		// staging writes prod's state.
		{"environments/staging/backend.tfbackend", `bucket = "olympus-staging-4b2a-tfstate"
prefix = "olympus/staging"`, `bucket = "olympus-prod-9c3f-tfstate"
prefix = "olympus/prod"`},
		// Three days of transaction logs in prod.
		{"environments/prod/terraform.tfvars", "sql_log_retention_days       = 7", "sql_log_retention_days       = 3"},
		// A mutable image in dev.
		{"environments/dev/terraform.tfvars", "olympus-api@sha256:4b7ce07002c69e8f3d704a9c5d6fd3053be500b7f1c69fc0d80990c2ad8dd412", "olympus-api:latest"},
		// A project written into a module.
		{"modules/cloud-run-service/main.tf", "resource \"google_cloud_run_v2_service\" \"main\" {\n  project             = var.project_id", "resource \"google_cloud_run_v2_service\" \"main\" {\n  project             = \"olympus-prod-9c3f\""},
		// Finding 1: the apply identity trusts any ref and workflow.
		{"bootstrap/identities.tf", `      "assertion.ref == 'refs/heads/main'",
      "assertion.workflow_ref == '${local.deploy_workflow}'",
`, ""},
		// Finding 2: the plan identity reads every secret; issue 20: and
		// holds roles/viewer, which exports the database.
		{"bootstrap/identities.tf", "resource \"google_project_iam_member\" \"plan\" {\n  project = var.project_id\n  role    = google_project_iam_custom_role.plan.id\n",
			"resource \"google_project_iam_member\" \"plan\" {\n  for_each = toset([\"roles/viewer\", \"roles/secretmanager.secretAccessor\"])\n  project  = var.project_id\n  role     = each.value\n"},
		// Issue 20: sql-recover back on roles/cloudsql.admin.
		{"bootstrap/identities.tf", "  role    = google_project_iam_custom_role.sql_recover.id\n", "  role    = \"roles/cloudsql.admin\"\n"},
		// Finding 2: the plan identity writes the state.
		{"bootstrap/main.tf", `role    = "roles/storage.objectViewer"`, `role    = "roles/storage.objectUser"`},
		// Finding 4: project IAM admin without its condition.
		{"bootstrap/identities.tf", `
  condition {
    title       = "olympus-managed-roles-only"
    description = "May grant and revoke only the project roles the olympus root manages."
    expression  = "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${join(", ", formatlist("'%s'", local.managed_project_roles))}])"
  }
`, "\n"},
		// Finding 5: POSTGRES_16 without an edition.
		{"modules/cloud-sql/main.tf", `    edition           = "ENTERPRISE"
`, ""},
		// Finding 6: the database can be deleted through the API.
		{"modules/cloud-sql/main.tf", "deletion_protection_enabled = true", "deletion_protection_enabled = false"},
		// Finding 6: public ingress, invokers granted one by one.
		{"modules/cloud-run-service/main.tf", `ingress             = "INGRESS_TRAFFIC_INTERNAL_ONLY"`, `ingress             = "INGRESS_TRAFFIC_ALL"`},
		{"modules/cloud-run-service/main.tf", `resource "google_cloud_run_v2_service_iam_policy" "main"`, `resource "google_cloud_run_v2_service_iam_member" "main"`},
	})
	res := validate(t, ws)
	if res.ExitCode != 1 {
		t.Fatalf("exit %d, want 1\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	for _, rule := range []string{"olympus_sql_backup_pitr", "olympus_prod_sql_retention", "olympus_backend_per_environment",
		"olympus_cloud_run_immutable_image", "olympus_no_hardcoded_project",
		"olympus_wif_apply_restricted", "olympus_plan_identity_read_only", "olympus_conditional_iam_admin",
		"olympus_plan_identity_no_export", "olympus_sql_recover_least_privilege",
		"olympus_sql_edition_tier", "olympus_prod_sql_deletion_protection", "olympus_cloud_run_invoker_policy"} {
		fired := slices.ContainsFunc(strings.Split(res.Stdout, "\n"), func(l string) bool {
			return strings.HasPrefix(l, "::error file=terraform/") && strings.Contains(l, rule)
		})
		if !fired {
			t.Errorf("%s did not fire", rule)
		}
	}
	// Rules that judge several things must catch each of their cases.
	for _, why := range []string{"has project-wide secret access (roles/secretmanager.secretAccessor)",
		"can write the Terraform state (roles/storage.objectUser on "} {
		if !strings.Contains(res.Stdout, why) {
			t.Errorf("olympus_plan_identity_read_only did not say %q\n%s", why, res.Stdout)
		}
	}
}

// Settings that may differ between staging and production: sizes and
// counts. The project id may differ too: staging's values are compared
// with it replaced by prod's, so what is named after the project (the
// image's registry path, a caller's service account) compares equal, and
// the image digest, the callers and every security setting must be the
// same. Everything else must be the same, so staging tests what production
// runs.
var parityAllowed = []string{
	"environment", "project_id",
	"api_min_instances", "api_max_instances", "api_cpu", "api_memory",
	"sql_tier", "sql_disk_size_gb", "sql_disk_autoresize_limit_gb", "sql_backup_retention_count",
	// Who may plan, not what runs: pull requests plan staging, and not prod
	// by default (TestProdPlanIdentityOnlyFromMainAndTheNamedWorkflows).
	"plan_pull_requests",
}

// parityRequired are settings that must differ in a given way: staging
// takes each Cloud SQL update before production.
var parityRequired = map[string][2]string{
	"sql_maintenance_update_track": {`"canary"`, `"stable"`},
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

var digest = regexp.MustCompile(`@sha256:([0-9a-f]{64})`)

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
	stagingProject, prodProject := strings.Trim(staging["project_id"], `"`), strings.Trim(prod["project_id"], `"`)
	for k := range keys {
		s, inS := staging[k]
		p, inP := prod[k]
		if stagingProject != "" && prodProject != "" {
			s = strings.ReplaceAll(s, stagingProject, prodProject)
		}
		want, required := parityRequired[k]
		switch {
		case !inS || !inP:
			out = append(out, k+" is set in only one of staging and prod")
		case required && (s != want[0] || p != want[1]):
			out = append(out, fmt.Sprintf("%s must be %s in staging and %s in prod, not %s and %s", k, want[0], want[1], s, p))
		case required || slices.Contains(parityAllowed, k) || s == p:
		case digest.MatchString(s) && digest.MatchString(p) && digest.FindString(s) != digest.FindString(p):
			out = append(out, fmt.Sprintf("%s: staging runs %s, prod %s: promote one image", k, digest.FindString(s)[1:20], digest.FindString(p)[1:20]))
		default:
			out = append(out, k+" differs: staging "+s+", prod "+p)
		}
	}
	sort.Strings(out)
	return out
}

func TestStagingMirrorsProduction(t *testing.T) {
	for _, dir := range []string{"../../../terraform", "../../../terraform/bootstrap"} {
		staging := tfvars(t, dir+"/environments/staging/terraform.tfvars")
		prod := tfvars(t, dir+"/environments/prod/terraform.tfvars")
		if v := parityViolations(staging, prod); len(v) > 0 {
			t.Errorf("%s: staging and prod differ beyond sizes and names:\n%s", dir, strings.Join(v, "\n"))
		}
		dev := tfvars(t, dir+"/environments/dev/terraform.tfvars")
		if len(dev) != len(prod) {
			t.Errorf("%s: dev sets %d variables, prod %d: every environment sets the same ones", dir, len(dev), len(prod))
		}
	}

	// The check itself catches a setting added to prod only, a non-size
	// setting that drifts, another image, another caller, and updates
	// reaching prod first.
	staging := tfvars(t, "../../../terraform/environments/staging/terraform.tfvars")
	mutated := tfvars(t, "../../../terraform/environments/prod/terraform.tfvars")
	mutated["api_concurrency"] = "80"
	mutated["sql_availability_type"] = `"ZONAL"`
	mutated["api_image"] = strings.Replace(mutated["api_image"], "@sha256:4b7c", "@sha256:0000", 1)
	mutated["api_invokers"] = `["serviceAccount:olympus-web@olympus-prod-9c3f.iam.gserviceaccount.com"]`
	mutated["sql_maintenance_update_track"] = `"canary"`
	got := parityViolations(staging, mutated)
	want := []string{
		"api_concurrency is set in only one of staging and prod",
		"api_image: staging runs sha256:4b7ce07002c6, prod sha256:0000e07002c6: promote one image",
		`api_invokers differs: staging [], prod ["serviceAccount:olympus-web@olympus-prod-9c3f.iam.gserviceaccount.com"]`,
		`sql_availability_type differs: staging "REGIONAL", prod "ZONAL"`,
		`sql_maintenance_update_track must be "canary" in staging and "stable" in prod, not "canary" and "canary"`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("on a mutated prod:\n%q\nwant\n%q", got, want)
	}
	// Named after the project: equal once the project ids are swapped.
	sameImage := map[string]string{"project_id": `"a-1"`, "api_image": `"r/a-1/api@sha256:` + strings.Repeat("1", 64) + `"`}
	if v := parityViolations(sameImage, map[string]string{"project_id": `"b-2"`, "api_image": `"r/b-2/api@sha256:` + strings.Repeat("1", 64) + `"`}); len(v) > 0 {
		t.Errorf("the same image in each project's registry: %q", v)
	}
}

// TestBootstrapAndRootAgree: the olympus root's state lives in the bucket
// the bootstrap makes, it uses the identities and custom roles the
// bootstrap makes, and the
// apply identity's IAM admin condition allows exactly the project roles the
// root grants.
func TestBootstrapAndRootAgree(t *testing.T) {
	for _, env := range environments {
		boot := loadRoot(t, "../../../terraform/bootstrap", env)
		root := loadRoot(t, "../../../terraform", env)
		backend := tfvars(t, "../../../terraform/environments/"+env+"/backend.tfbackend")
		if bucket := boot.str(boot.resource("google_storage_bucket", "state").Body.Attributes["name"].Expr, nil); `"`+bucket+`"` != backend["bucket"] {
			t.Errorf("%s: bootstrap makes bucket %q, the root's state is in %s", env, bucket, backend["bucket"])
		}
		accounts := boot.accountIDs()
		ids := slices.Collect(maps.Values(accounts))
		project := boot.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("var", "project_id")}, nil)
		var projectRoles []string
		customs := boot.customRoles()
		for _, g := range root.grants(accounts) {
			if !slices.Contains(ids, g.account) {
				t.Errorf("%s: the root grants %s to %q, which the bootstrap does not make", env, g.role, g.account)
			}
			if _, ok := customs[g.role]; strings.HasPrefix(g.role, "projects/") && !ok {
				t.Errorf("%s: the root grants the custom role %s, which the bootstrap does not make (it makes %q)", env, g.role, sortedKeys(customs))
			}
			if g.on == "project" && !slices.Contains(projectRoles, g.role) {
				projectRoles = append(projectRoles, g.role)
			}
		}
		for _, name := range []string{"runtime_account", "rollback_account"} {
			email := root.str(&hclsyntax.ScopeTraversalExpr{Traversal: traversal("local", name)}, nil)
			id, _, _ := strings.Cut(email, "@")
			if !slices.Contains(ids, id) || !strings.HasSuffix(email, "@"+project+".iam.gserviceaccount.com") {
				t.Errorf("%s: local.%s = %q is not a bootstrap identity of %s", env, name, email, project)
			}
		}
		var limit []string
		for _, g := range boot.grants(accounts) {
			if g.role == "roles/resourcemanager.projectIamAdmin" {
				limit, _ = tflintrules.GrantableRoles(g.condition)
			}
		}
		sort.Strings(projectRoles)
		sort.Strings(limit)
		if len(projectRoles) == 0 || !slices.Equal(projectRoles, limit) {
			t.Errorf("%s: the root grants project roles %q; the apply identity may grant %q", env, projectRoles, limit)
		}
	}
}

func TestEveryVariableAndOutputHasADescriptionAndAType(t *testing.T) {
	var paths []string
	for _, glob := range []string{"../../../terraform/*.tf", "../../../terraform/bootstrap/*.tf", "../../../terraform/modules/*/*.tf"} {
		files, _ := filepath.Glob(glob)
		paths = append(paths, files...)
	}
	if len(paths) < 10 {
		t.Fatalf("only %d files", len(paths))
	}
	parser := hclparse.NewParser()
	for _, path := range paths {
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
