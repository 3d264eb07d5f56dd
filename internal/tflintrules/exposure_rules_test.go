package tflintrules

import (
	"strings"
	"testing"

	"github.com/terraform-linters/tflint-plugin-sdk/helper"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

func TestSQLEditionTierRule(t *testing.T) {
	db := func(version, settings string) string {
		return `
variable "tier" {
  default = "db-custom-2-7680"
}

resource "google_sql_database_instance" "db" {
  database_version = "` + version + `"
  settings {
` + settings + `
  }
}
`
	}
	noEdition := db("POSTGRES_16", "    tier = var.tier")
	pg17Micro := db("POSTGRES_17", `    tier = "db-f1-micro"`)
	plusCustom := db("POSTGRES_15", "    edition = \"ENTERPRISE_PLUS\"\n    tier    = \"db-custom-4-15360\"")
	enterprisePerf := db("POSTGRES_16", "    edition = \"ENTERPRISE\"\n    tier    = \"db-perf-optimized-N-4\"")
	run(t, NewSQLEditionTierRule(), []ruleCase{
		{name: "ENTERPRISE with a custom tier", config: db("POSTGRES_16", "    edition = \"ENTERPRISE\"\n    tier    = var.tier")},
		{name: "PostgreSQL 16 default edition with a perf-optimized tier", config: db("POSTGRES_16", `    tier = "db-perf-optimized-N-8"`)},
		{name: "PostgreSQL 15 defaults to ENTERPRISE", config: db("POSTGRES_15", "    tier = var.tier")},
		{name: "a tier family the rule does not know", config: db("POSTGRES_16", `    tier = "db-c4a-highmem-4"`)},
		{name: "PostgreSQL 16 without edition (finding 5)", config: noEdition, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, `POSTGRES_16 without settings.edition is ENTERPRISE_PLUS, which rejects tier "db-custom-2-7680": set edition = "ENTERPRISE", or use a db-perf-optimized-N-* tier`, noEdition, "var.tier", 1)}
		}},
		{name: "PostgreSQL 17, shared core", config: pg17Micro, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, `POSTGRES_17 without settings.edition is ENTERPRISE_PLUS, which rejects tier "db-f1-micro": set edition = "ENTERPRISE", or use a db-perf-optimized-N-* tier`, pg17Micro, `"db-f1-micro"`, 1)}
		}},
		{name: "explicit ENTERPRISE_PLUS with a custom tier", config: plusCustom, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, `tier "db-custom-4-15360" is an ENTERPRISE tier, but the edition is ENTERPRISE_PLUS: set edition = "ENTERPRISE", or use a db-perf-optimized-N-* tier`, plusCustom, `"db-custom-4-15360"`, 1)}
		}},
		{name: "ENTERPRISE with a perf-optimized tier", config: enterprisePerf, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, `tier "db-perf-optimized-N-4" needs edition = "ENTERPRISE_PLUS"; ENTERPRISE takes db-custom-* tiers`, enterprisePerf, `"db-perf-optimized-N-4"`, 1)}
		}},
	})
}

func TestProdSQLDeletionProtectionRule(t *testing.T) {
	const protected = `
resource "google_sql_database_instance" "db" {
  deletion_protection = true
  settings {
    deletion_protection_enabled = true
    retain_backups_on_delete    = true
  }
}`
	const terraformOnly = `
resource "google_sql_database_instance" "db" {
  deletion_protection = true
  settings {
    tier                     = "db-custom-1-3840"
    retain_backups_on_delete = false
  }
}`
	run(t, NewProdSQLDeletionProtectionRule(), []ruleCase{{name: "not production", config: terraformOnly}})

	prod := NewProdSQLDeletionProtectionRule()
	prod.getenv = func(k string) string {
		if k == EnvironmentVariable {
			return "prod"
		}
		return ""
	}
	run(t, prod, []ruleCase{
		{name: "API-level protection and retained backups", config: protected},
		{name: "Terraform's flag only (finding 6)", config: terraformOnly, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{
				issueAt(r, "in prod, set settings.deletion_protection_enabled = true so the API refuses to delete the instance (Terraform's deletion_protection guards plans only)", terraformOnly, "settings", 1),
				issueAt(r, "in prod, settings.retain_backups_on_delete must be true so its backups outlive a deletion", terraformOnly, "false", 1),
			}
		}},
	})

	// A module linted for all its callers' environments (validate's
	// LintCalled) is production when one of them is.
	called := NewProdSQLDeletionProtectionRule()
	called.getenv = func(string) string { return "dev,prod,staging" }
	runner := helper.TestRunner(t, map[string]string{"main.tf": terraformOnly})
	if err := called.Check(runner); err != nil {
		t.Fatal(err)
	}
	if len(runner.Issues) != 2 || !strings.HasPrefix(runner.Issues[0].Message, "in prod,") {
		t.Errorf("callers dev,prod,staging: %+v, want the two production issues", runner.Issues)
	}

	// The production list is the same option as olympus_prod_sql_retention's.
	r := NewProdSQLDeletionProtectionRule()
	r.getenv = func(string) string { return "live" }
	runner = helper.TestRunner(t, map[string]string{"main.tf": terraformOnly,
		".tflint.hcl": "rule \"olympus_prod_sql_deletion_protection\" {\n  enabled                 = true\n  production_environments = [\"live\"]\n}\n"})
	if err := r.Check(runner); err != nil {
		t.Fatal(err)
	}
	if len(runner.Issues) != 2 {
		t.Errorf("production_environments: %d issues, want 2", len(runner.Issues))
	}
}

func TestCloudRunInvokerPolicyRule(t *testing.T) {
	svc := func(ingress string) string {
		return `
resource "google_cloud_run_v2_service" "api" {
  name = "olympus-api"
` + ingress + `}
`
	}
	const policy = `
resource "google_cloud_run_v2_service_iam_policy" "api" {
  name        = google_cloud_run_v2_service.api.name
  policy_data = data.google_iam_policy.api.policy_data
}
`
	const invokerBinding = `
resource "google_cloud_run_v2_service_iam_binding" "invokers" {
  name    = "olympus-api"
  role    = "roles/run.invoker"
  members = ["allUsers"]
}
`
	const member = `
resource "google_cloud_run_v2_service_iam_member" "invoker" {
  name   = google_cloud_run_v2_service.api.name
  role   = "roles/run.invoker"
  member = "allUsers"
}
`
	const developerBinding = `
resource "google_cloud_run_v2_service_iam_binding" "developers" {
  name    = google_cloud_run_v2_service.api.name
  role    = "roles/run.developer"
  members = ["serviceAccount:traffic-rollback@p.iam.gserviceaccount.com"]
}
`
	const msg = `Cloud Run service "olympus-api" takes traffic` + " from the internet (INGRESS_TRAFFIC_ALL) and no authoritative policy says who may invoke it: " +
		"add a google_cloud_run_v2_service_iam_policy or _iam_binding for roles/run.invoker, or use internal ingress or a load balancer"
	defaultIngress := svc("") + member
	explicitAll := svc(`  ingress = "INGRESS_TRAFFIC_ALL"`+"\n") + developerBinding
	noCheck := svc("  ingress              = \"INGRESS_TRAFFIC_ALL\"\n  invoker_iam_disabled = true\n") + policy
	run(t, NewCloudRunInvokerPolicyRule(), []ruleCase{
		{name: "internal ingress", config: svc(`  ingress = "INGRESS_TRAFFIC_INTERNAL_ONLY"` + "\n")},
		{name: "behind a load balancer", config: svc(`  ingress = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"` + "\n")},
		{name: "public, with an authoritative policy", config: svc(`  ingress = "INGRESS_TRAFFIC_ALL"`+"\n") + policy},
		{name: "public on purpose: an invoker binding by service name", config: svc("") + invokerBinding},
		{name: "default ingress, an invoker granted member by member (finding 6)", config: defaultIngress, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, msg, defaultIngress, `resource "google_cloud_run_v2_service" "api"`, 1)}
		}},
		{name: "a binding for another role", config: explicitAll, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, msg, explicitAll, `"INGRESS_TRAFFIC_ALL"`, 1)}
		}},
		{name: "invoker check disabled", config: noCheck, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issueAt(r, "ingress INGRESS_TRAFFIC_ALL with invoker_iam_disabled = true: anyone on the internet can call the service; use internal ingress or a load balancer, or keep the invoker check", noCheck, "true", 1)}
		}},
	})
}
