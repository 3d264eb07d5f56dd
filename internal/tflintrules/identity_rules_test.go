package tflintrules

import (
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/helper"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// issueAt is an expected issue on the nth (from 1) occurrence of snippet in
// the configuration.
func issueAt(r tflint.Rule, msg, config, snippet string, nth int) *helper.Issue {
	i := -1
	for ; nth > 0; nth-- {
		j := strings.Index(config[i+1:], snippet)
		if j < 0 {
			panic("snippet not in config: " + snippet)
		}
		i += 1 + j
	}
	pos := func(off int) hcl.Pos {
		before := config[:off]
		return hcl.Pos{Line: strings.Count(before, "\n") + 1, Column: off - strings.LastIndex(before, "\n")}
	}
	return &helper.Issue{Rule: r, Message: msg, Range: hcl.Range{Filename: "main.tf", Start: pos(i), End: pos(i + len(snippet))}}
}

// wifModule is a pool, its provider with condition and mapping, and the
// apply service account trusting members of the pool.
func wifModule(condition, mapping, members string) string {
	return `
resource "google_iam_workload_identity_pool" "ci" {
  workload_identity_pool_id = "github"
}

resource "google_iam_workload_identity_pool_provider" "ci" {
  workload_identity_pool_id          = google_iam_workload_identity_pool.ci.workload_identity_pool_id
  workload_identity_pool_provider_id = "github"
  attribute_condition                = ` + condition + `
  attribute_mapping = {
    "google.subject" = "assertion.sub"
` + mapping + `
  }
}

resource "google_service_account" "apply" {
  account_id = "terraform-apply"
}

resource "google_service_account_iam_binding" "apply" {
  service_account_id = google_service_account.apply.name
  role               = "roles/iam.workloadIdentityUser"
  members            = [` + members + `]
}
`
}

const envMember = `"principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.ci.name}/attribute.environment/prod"`

func TestWIFApplyRule(t *testing.T) {
	const openMsg = "terraform-apply can be impersonated through provider google_iam_workload_identity_pool_provider.ci without a ref and workflow condition: " +
		"require assertion.ref (such as == 'refs/heads/main') and assertion.workflow_ref (the workflow file on that ref) in its attribute_condition"
	repoOnly := `"assertion.repository_id == '812345678'"`
	environmentOnly := wifModule(repoOnly, `    "attribute.environment" = "assertion.environment"`, envMember)
	orCondition := wifModule(`"assertion.repository_id == '1' && (assertion.ref == 'refs/heads/main' || assertion.event_name == 'pull_request') && assertion.workflow_ref == 'o/r/.github/workflows/d.yml@refs/heads/main'"`, "", envMember)
	disjunction := wifModule(`"assertion.ref == 'refs/heads/main' && assertion.workflow_ref == 'o/r/.github/workflows/d.yml@refs/heads/main' || assertion.event_name == 'push'"`, "", envMember)
	refOnly := wifModule(`"assertion.ref == 'refs/heads/main' && assertion.workflow_ref.startsWith('o/r/')"`, "", envMember)
	noCondition := strings.Replace(wifModule(`null`, "", envMember), "  attribute_condition                = null\n", "", 1)
	const byIDMember = `"principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/github/attribute.repository_id/812345678"`
	byPoolID := wifModule(repoOnly, "", byIDMember)
	recoverOnly := strings.ReplaceAll(environmentOnly, "apply", "sql-recover")

	run(t, NewWIFApplyRule(), []ruleCase{
		{name: "ref and workflow in the provider's condition", config: wifModule(
			`"assertion.repository_id == '812345678' && assertion.ref == 'refs/heads/main' && assertion.workflow_ref == 'o/r/.github/workflows/deploy.yml@refs/heads/main' && assertion.environment == 'prod'"`,
			"", envMember)},
		{name: "ref and workflow through mapped attributes, in parentheses", config: wifModule(
			`"(attribute.ref == 'refs/heads/main' && attribute.wf in ['o/r/.github/workflows/deploy.yml@refs/heads/main'])"`,
			`    "attribute.ref" = "assertion.ref"
    "attribute.wf"  = "assertion.job_workflow_ref"`, envMember)},
		{name: "a composite attribute reading both claims", config: wifModule(repoOnly,
			`    "attribute.deploy" = "assertion.ref + '|' + assertion.workflow_ref + '|' + assertion.environment"`,
			`"principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.ci.name}/attribute.deploy/refs/heads/main|o/r/.github/workflows/deploy.yml@refs/heads/main|prod"`)},
		{name: "only the environment claim (finding 1)", config: environmentOnly, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, openMsg, environmentOnly, envMember, 1)}
		}},
		{name: "a clause inside an or does not count", config: orCondition, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, openMsg, orCondition, envMember, 1)}
		}},
		{name: "a disjunction at the top guarantees nothing", config: disjunction, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, openMsg, disjunction, envMember, 1)}
		}},
		{name: "a prefix is not a fixed workflow", config: refOnly, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, openMsg, refOnly, envMember, 1)}
		}},
		{name: "no condition at all", config: noCondition, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, openMsg, noCondition, envMember, 1)}
		}},
		{name: "the pool written out by id", config: byPoolID, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, openMsg, byPoolID, byIDMember, 1)}
		}},
		{name: "a recovery identity changes infrastructure too", config: recoverOnly, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, strings.Replace(openMsg, "terraform-apply", "terraform-sql-recover", 1), recoverOnly, envMember, 1)}
		}},
		{name: "a plan identity is not an apply identity", config: strings.ReplaceAll(environmentOnly, "apply", "plan")},
		{name: "impersonation by another service account is not federation", config: wifModule(repoOnly, "", `"serviceAccount:admin-robot@p.iam.gserviceaccount.com"`)},
		{name: "a condition tflint cannot know is not judged", config: wifModule(`terraform_data.condition.output`, "", envMember)},
	})

	// The same through an authoritative policy built by data
	// "google_iam_policy", with the identity named by its email.
	policy := `
resource "google_iam_workload_identity_pool" "apply" {
  workload_identity_pool_id = "github-apply"
}

resource "google_iam_workload_identity_pool_provider" "apply" {
  workload_identity_pool_id = google_iam_workload_identity_pool.apply.workload_identity_pool_id
  attribute_condition       = "assertion.repository_id == '812345678' && assertion.environment == 'prod'"
}

data "google_iam_policy" "deployer" {
  binding {
    role    = "roles/iam.workloadIdentityUser"
    members = ["principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.apply.name}/*"]
  }
}

resource "google_service_account_iam_policy" "deployer" {
  service_account_id = "projects/olympus/serviceAccounts/deployer@olympus.iam.gserviceaccount.com"
  policy_data        = data.google_iam_policy.deployer.policy_data
}
`
	run(t, NewWIFApplyRule(), []ruleCase{{name: "policy data, pool wildcard", config: policy, want: func(r tflint.Rule) helper.Issues {
		return helper.Issues{issueAt(r, "deployer can be impersonated through provider google_iam_workload_identity_pool_provider.apply without a ref and workflow condition: "+
			"require assertion.ref (such as == 'refs/heads/main') and assertion.workflow_ref (the workflow file on that ref) in its attribute_condition",
			policy, `"principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.apply.name}/*"`, 1)}
	}}})

	// identity_pattern chooses which identities are judged.
	runner := helper.TestRunner(t, map[string]string{
		"main.tf":     strings.ReplaceAll(environmentOnly, "apply", "release"),
		".tflint.hcl": "rule \"olympus_wif_apply_restricted\" {\n  enabled          = true\n  identity_pattern = \"release\"\n}\n",
	})
	if err := NewWIFApplyRule().Check(runner); err != nil {
		t.Fatal(err)
	}
	if len(runner.Issues) != 1 {
		t.Errorf("identity_pattern: %d issues, want 1: %+v", len(runner.Issues), runner.Issues)
	}
}

func TestPlanReadOnlyRule(t *testing.T) {
	const base = `
resource "google_service_account" "plan" {
  account_id = "terraform-plan"
}
`
	readOnly := base + `
resource "google_project_iam_member" "plan_viewer" {
  project = var.project
  role    = "roles/viewer"
  member  = google_service_account.plan.member
}

resource "google_project_iam_member" "plan_security_reviewer" {
  project = var.project
  role    = "roles/iam.securityReviewer"
  member  = google_service_account.plan.member
}

resource "google_storage_bucket_iam_binding" "state" {
  bucket  = "olympus-tfstate"
  role    = "roles/storage.objectViewer"
  members = [google_service_account.plan.member]
}

# Secret access on one secret, and for another identity, is not judged.
resource "google_project_iam_member" "one_secret" {
  project = var.project
  role    = "roles/secretmanager.secretAccessor"
  member  = "serviceAccount:${google_service_account.plan.email}"
  condition {
    title      = "one secret"
    expression = "resource.name.startsWith('projects/1/secrets/plan-only')"
  }
}

resource "google_project_iam_member" "runtime" {
  project = var.project
  role    = "roles/secretmanager.secretAccessor"
  member  = "serviceAccount:olympus-api-run@p.iam.gserviceaccount.com"
}
`
	broken := base + `
variable "secrets_role" {
  default = "roles/secretmanager.secretAccessor"
}

resource "google_project_iam_member" "plan" {
  project = var.project
  role    = var.secrets_role
  member  = "serviceAccount:${google_service_account.plan.email}"
}

resource "google_storage_bucket_iam_binding" "state" {
  bucket  = "olympus-tfstate"
  role    = "roles/storage.objectUser"
  members = [google_service_account.apply.member, google_service_account.plan.member]
}

data "google_iam_policy" "project" {
  binding {
    role    = "roles/storage.objectAdmin"
    members = ["serviceAccount:terraform-plan@olympus.iam.gserviceaccount.com"]
  }
}

resource "google_project_iam_policy" "project" {
  project     = var.project
  policy_data = data.google_iam_policy.project.policy_data
}
`
	run(t, NewPlanReadOnlyRule(), []ruleCase{
		{name: "viewer, security reviewer, object viewer on the state", config: readOnly},
		{name: "secret accessor, object user, object admin (finding 2)", config: broken, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{
				issueAt(r, "plan identity terraform-plan has project-wide secret access (roles/secretmanager.secretAccessor): plans must not need secrets; grant access to single secrets to the identities that use them",
					broken, "var.secrets_role", 1),
				issueAt(r, `plan identity terraform-plan can write the Terraform state (roles/storage.objectUser on "olympus-tfstate"): grant roles/storage.objectViewer, and plan with -lock=false`,
					broken, `"roles/storage.objectUser"`, 1),
				issueAt(r, "plan identity terraform-plan can write the Terraform state (roles/storage.objectAdmin on the project): plans read the state with roles/storage.objectViewer on its bucket and run with -lock=false",
					broken, `"roles/storage.objectAdmin"`, 1),
			}
		}},
	})
}

func TestConditionalIAMAdminRule(t *testing.T) {
	grant := func(condition string) string {
		return `
resource "google_project_iam_member" "apply_iam_admin" {
  project = var.project
  role    = "roles/resourcemanager.projectIamAdmin"
  member  = "serviceAccount:terraform-apply@p.iam.gserviceaccount.com"
` + condition + `}
`
	}
	cond := func(expr string) string {
		return "  condition {\n    title      = \"limited\"\n    expression = " + expr + "\n  }\n"
	}
	const role = `"roles/resourcemanager.projectIamAdmin"`
	unconditioned := grant("")
	escalating := grant(cond(`"api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/cloudsql.client', 'roles/owner', 'roles/iam.serviceAccountTokenCreator'])"`))
	alternative := grant(cond(`"api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/cloudsql.client']) || request.time < timestamp('2030-01-01T00:00:00Z')"`))
	timeOnly := grant(cond(`"request.time < timestamp('2030-01-01T00:00:00Z')"`))
	binding := `
resource "google_folder_iam_binding" "admins" {
  folder  = "folders/1"
  role    = "roles/iam.securityAdmin"
  members = ["group:a@example.com", "group:b@example.com"]
}
`
	run(t, NewConditionalIAMAdminRule(), []ruleCase{
		// (Built with join and formatlist in terraform/bootstrap: the
		// real-tflint test evaluates that.)
		{name: "limited to managed roles, from a variable", config: `
variable "managed" {
  default = "'roles/cloudsql.client', 'roles/cloudsql.instanceUser'"
}
` + grant(cond(`"api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${var.managed}])"`))},
		{name: "limited, and also time-bound", config: grant(cond(`"request.time < timestamp('2030-01-01T00:00:00Z') && api.getAttribute(\"iam.googleapis.com/modifiedGrantsByRole\", []).hasOnly([\"roles/run.invoker\"])"`))},
		{name: "another role is not judged", config: strings.Replace(unconditioned, "resourcemanager.projectIamAdmin", "run.admin", 1)},
		{name: "unconditioned (finding 4)", config: unconditioned, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, "roles/resourcemanager.projectIamAdmin without an IAM condition can grant any role, roles/owner included: add a condition "+
				"api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([...]) listing only the roles this configuration grants", unconditioned, role, 1)}
		}},
		{name: "the limit allows owner", config: escalating, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, "roles/resourcemanager.projectIamAdmin: its IAM condition still lets it grant roles/owner, roles/iam.serviceAccountTokenCreator, which lead to owner: list only the roles this configuration grants",
				escalating, role, 1)}
		}},
		{name: "the limit is one side of an or", config: alternative, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, "roles/resourcemanager.projectIamAdmin: its IAM condition does not limit the roles it can grant: make "+
				"api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([...]) a top-level clause (joined with &&, never ||)", alternative, role, 1)}
		}},
		{name: "a condition on time only", config: timeOnly, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, "roles/resourcemanager.projectIamAdmin: its IAM condition does not limit the roles it can grant: make "+
				"api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([...]) a top-level clause (joined with &&, never ||)", timeOnly, role, 1)}
		}},
		{name: "a folder binding, reported once for two members", config: binding, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, "roles/iam.securityAdmin without an IAM condition can grant any role, roles/owner included: add a condition "+
				"api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([...]) listing only the roles this configuration grants", binding, `"roles/iam.securityAdmin"`, 1)}
		}},
	})
}

func TestConditionClaims(t *testing.T) {
	for _, tc := range []struct {
		cond string
		want map[string][]string
		ok   bool
	}{
		{"assertion.repository_id == '1' && assertion.ref == \"refs/heads/main\" && assertion.event_name in ['push', 'workflow_dispatch']",
			map[string][]string{"assertion.repository_id": {"1"}, "assertion.ref": {"refs/heads/main"}, "assertion.event_name": {"push", "workflow_dispatch"}}, true},
		{"('main' == attribute.branch) && (assertion.x == 'a && b' && assertion.y.startsWith('z'))",
			map[string][]string{"attribute.branch": {"main"}, "assertion.x": {"a && b"}}, true},
		{"assertion.ref in ['a', 'b'] && assertion.ref == 'b'", map[string][]string{"assertion.ref": {"b"}}, true},
		{"assertion.a == 'x' && (assertion.b == 'y' || assertion.c == 'z')", map[string][]string{"assertion.a": {"x"}}, true},
		{"assertion.a == 'x' || assertion.b == 'y'", nil, false},
		{"assertion.a == 'it\\'s'", map[string][]string{"assertion.a": {"it's"}}, true},
	} {
		got, ok := ConditionClaims(tc.cond)
		if ok != tc.ok || len(got) != len(tc.want) {
			t.Errorf("ConditionClaims(%q) = %v, %v; want %v, %v", tc.cond, got, ok, tc.want, tc.ok)
			continue
		}
		for k, v := range tc.want {
			if strings.Join(got[k], ",") != strings.Join(v, ",") {
				t.Errorf("ConditionClaims(%q)[%s] = %q, want %q", tc.cond, k, got[k], v)
			}
		}
	}
}

func TestGrantableRoles(t *testing.T) {
	for cond, want := range map[string]string{
		"api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/a', 'roles/b'])":                                 "roles/a,roles/b",
		"request.time < timestamp('2030-01-01T00:00:00Z') && api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([])": "",
		"api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/a']) || true":                                    "none",
		"api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasAny(['roles/a'])":                                             "none",
	} {
		roles, ok := GrantableRoles(cond)
		got := strings.Join(roles, ",")
		if !ok {
			got = "none"
		}
		if got != want {
			t.Errorf("GrantableRoles(%q) = %q, want %q", cond, got, want)
		}
	}
}

func TestPlanNoExportRule(t *testing.T) {
	const base = `
resource "google_service_account" "plan" {
  account_id = "terraform-plan"
}
`
	// The custom role terraform/bootstrap grants: what a refresh reads.
	reader := base + `
resource "google_project_iam_custom_role" "plan" {
  project     = var.project
  role_id     = "olympusPlanReader"
  title       = "Olympus plan reader"
  permissions = ["cloudsql.instances.get", "cloudsql.users.list", "resourcemanager.projects.getIamPolicy", "run.services.get"]
}

resource "google_project_iam_member" "plan" {
  project = var.project
  role    = google_project_iam_custom_role.plan.id
  member  = google_service_account.plan.member
}

# Another identity's export is not judged.
resource "google_project_iam_member" "backup" {
  project = var.project
  role    = "roles/cloudsql.admin"
  member  = "serviceAccount:backup-robot@p.iam.gserviceaccount.com"
}
`
	// (for_each over roles: the real-tflint test, testdata/module.)
	viewer := base + `
resource "google_project_iam_member" "plan" {
  project = var.project
  role    = "roles/viewer"
  member  = google_service_account.plan.member
}
`
	// Exports in a custom role, named by reference and written out.
	exporting := base + `
resource "google_project_iam_custom_role" "plan" {
  project     = var.project
  role_id     = "planReader"
  title       = "plan reader"
  permissions = ["cloudsql.instances.get", "cloudsql.instances.export", "bigquery.tables.export", "secretmanager.versions.access"]
}

resource "google_project_iam_member" "plan" {
  project = var.project
  role    = google_project_iam_custom_role.plan.name
  member  = google_service_account.plan.member
}

data "google_iam_policy" "folder" {
  binding {
    role    = "projects/olympus/roles/planReader"
    members = ["serviceAccount:terraform-plan@olympus.iam.gserviceaccount.com"]
  }
  binding {
    role    = "roles/cloudsql.viewer"
    members = ["serviceAccount:terraform-plan@olympus.iam.gserviceaccount.com"]
  }
}

resource "google_folder_iam_policy" "folder" {
  folder      = "folders/1"
  policy_data = data.google_iam_policy.folder.policy_data
}
`
	customMsg := "plan identity terraform-plan holds the custom role planReader, whose permissions copy data out (cloudsql.instances.export, bigquery.tables.export, secretmanager.versions.access): " +
		"any branch that can become it can too; a plan needs only the get and getIamPolicy permissions of what it refreshes"
	run(t, NewPlanNoExportRule(), []ruleCase{
		{name: "the custom role a refresh needs", config: reader},
		{name: "roles/viewer (issue 20)", config: viewer, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, "plan identity terraform-plan holds roles/viewer, which can export Cloud SQL databases (cloudsql.instances.export): "+
				"any branch that can become it can copy production data out; grant a custom role holding only what a refresh reads", viewer, `"roles/viewer"`, 1)}
		}},
		{name: "a custom role holding an export, and roles/cloudsql.viewer on a folder", config: exporting, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{
				issueAt(r, customMsg, exporting, "google_project_iam_custom_role.plan.name", 1),
				issueAt(r, customMsg, exporting, `"projects/olympus/roles/planReader"`, 1),
				issueAt(r, "plan identity terraform-plan holds roles/cloudsql.viewer, which can export Cloud SQL databases (cloudsql.instances.export): "+
					"any branch that can become it can copy production data out; grant a custom role holding only what a refresh reads", exporting, `"roles/cloudsql.viewer"`, 1),
			}
		}},
		{name: "an apply identity is not a plan identity", config: strings.ReplaceAll(viewer, "plan", "apply")},
	})
}

func TestSQLRecoverLeastPrivilegeRule(t *testing.T) {
	module := func(permissions, role, condition string) string {
		return `
variable "project" {
  default = "olympus"
}

resource "google_service_account" "sql_recover" {
  account_id = "sql-recover"
}

resource "google_project_iam_custom_role" "sql_recover" {
  project     = var.project
  role_id     = "olympusSqlRecover"
  title       = "Olympus Cloud SQL recovery"
  permissions = [` + permissions + `]
}

resource "google_project_iam_member" "sql_recover" {
  project = var.project
  role    = ` + role + `
  member  = google_service_account.sql_recover.member
` + condition + `}
`
	}
	const (
		three   = `"cloudsql.instances.clone", "cloudsql.instances.get", "cloudsql.instances.list"`
		custom  = "google_project_iam_custom_role.sql_recover.id"
		limited = `  condition {
    title      = "olympus instances"
    expression = "resource.type != 'sqladmin.googleapis.com/Instance' || resource.name.startsWith('projects/${var.project}/instances/olympus-')"
  }
`
		anyInstance = `  condition {
    title      = "every instance"
    expression = "resource.name.startsWith('projects/${var.project}/instances/')"
  }
`
		noCondMsg = "sql-recover identity sql-recover holds olympusSqlRecover without an IAM condition on the instance name prefix: add condition { expression = \"" +
			"resource.type != 'sqladmin.googleapis.com/Instance' || resource.name.startsWith('projects/<project>/instances/<prefix>')\" }"
	)
	admin := module(three, `"roles/cloudsql.admin"`, "")
	exporting := module(three+`, "cloudsql.instances.export", "cloudsql.instances.delete"`, custom, limited)
	unconditioned := module(three, `"projects/p/roles/olympusSqlRecover"`, "")
	everyInstance := module(three, custom, anyInstance)
	run(t, NewSQLRecoverLeastPrivilegeRule(), []ruleCase{
		{name: "clone, get and list on the olympus instances", config: module(three, custom, limited)},
		{name: "roles/cloudsql.admin (issue 20)", config: admin, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, "sql-recover identity sql-recover holds roles/cloudsql.admin: give it a custom role with only cloudsql.instances.clone, cloudsql.instances.get, cloudsql.instances.list, "+
				"granted with an IAM condition on the instance name prefix (resource.type != 'sqladmin.googleapis.com/Instance' || resource.name.startsWith('projects/<project>/instances/<prefix>'))", admin, `"roles/cloudsql.admin"`, 1)}
		}},
		{name: "a custom role that also exports and deletes", config: exporting, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, "the custom role olympusSqlRecover gives sql-recover identity sql-recover cloudsql.instances.export, cloudsql.instances.delete, beyond cloudsql.instances.clone, cloudsql.instances.get, cloudsql.instances.list",
				exporting, custom, 1)}
		}},
		{name: "no condition, the role written out", config: unconditioned, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, noCondMsg, unconditioned, `"projects/p/roles/olympusSqlRecover"`, 1)}
		}},
		{name: "a condition naming no prefix", config: everyInstance, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, noCondMsg, everyInstance, custom, 1)}
		}},
		{name: "another identity is not judged", config: strings.ReplaceAll(admin, "sql", "pg")},
	})
}
