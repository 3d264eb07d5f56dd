package tflintrules

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/helper"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// issue is an expected issue in main.tf, from line:col to line:col.
func issue(r tflint.Rule, msg string, l1, c1, l2, c2 int) *helper.Issue {
	return &helper.Issue{Rule: r, Message: msg, Range: hcl.Range{
		Filename: "main.tf",
		Start:    hcl.Pos{Line: l1, Column: c1},
		End:      hcl.Pos{Line: l2, Column: c2},
	}}
}

type ruleCase struct {
	name   string
	config string
	want   func(r tflint.Rule) helper.Issues
}

func run(t *testing.T, r tflint.Rule, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			runner := helper.TestRunner(t, map[string]string{"main.tf": tc.config})
			if err := r.Check(runner); err != nil {
				t.Fatal(err)
			}
			want := helper.Issues{}
			if tc.want != nil {
				want = tc.want(r)
			}
			helper.AssertIssues(t, want, runner.Issues)
		})
	}
}

func TestSQLBackupRule(t *testing.T) {
	run(t, NewSQLBackupRule(), []ruleCase{
		{name: "backups and pitr on", config: `
resource "google_sql_database_instance" "db" {
  settings {
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
}`},
		{name: "no backup configuration, deletion protection off", config: `
resource "google_sql_database_instance" "db" {
  deletion_protection = false
  settings {
    tier = "db-f1-micro"
  }
}`, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{
				issue(r, "deletion_protection must not be false: a plan could delete the database and its backups", 3, 25, 3, 30),
				issue(r, "settings.backup_configuration is missing: enable backups and point-in-time recovery", 4, 3, 4, 11),
			}
		}},
		{name: "pitr off through a variable default, enabled missing", config: `
variable "pitr" {
  default = false
}
resource "google_sql_database_instance" "db" {
  settings {
    backup_configuration {
      point_in_time_recovery_enabled = var.pitr
    }
  }
}`, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{
				issue(r, "backup_configuration.enabled is not set: set it to true", 7, 5, 7, 25),
				issue(r, "backup_configuration.point_in_time_recovery_enabled must be true", 8, 40, 8, 48),
			}
		}},
	})
}

func TestProdSQLRetentionRule(t *testing.T) {
	const db = `
resource "google_sql_database_instance" "db" {
  settings {
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = false
      transaction_log_retention_days = 3
    }
  }
}`
	prodIssues := func(r tflint.Rule) helper.Issues {
		return helper.Issues{
			issue(r, "in prod, transaction_log_retention_days must be 7", 7, 40, 7, 41),
			issue(r, "in prod, point-in-time recovery cannot be turned off", 6, 40, 6, 45),
		}
	}
	run(t, NewProdSQLRetentionRule(), []ruleCase{
		{name: "not production", config: db},
	})

	prod := NewProdSQLRetentionRule()
	prod.getenv = func(k string) string {
		if k == EnvironmentVariable {
			return "prod"
		}
		return ""
	}
	run(t, prod, []ruleCase{
		{name: "production from OLYMPUS_ENVIRONMENT", config: db, want: prodIssues},
		{name: "retention unset", config: `
resource "google_sql_database_instance" "db" {
  settings {
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
}`, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{issue(r, "in prod, set transaction_log_retention_days = 7", 4, 5, 4, 25)}
		}},
		{name: "seven days with pitr", config: `
resource "google_sql_database_instance" "db" {
  settings {
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = 7
    }
  }
}`},
	})

	staging := NewProdSQLRetentionRule()
	staging.getenv = func(string) string { return "staging" }
	run(t, staging, []ruleCase{{name: "staging is not production", config: db}})
}

// prodRuleConfig is a .tflint.hcl setting one option of the production rule.
func prodRuleConfig(option string) string {
	return "rule \"olympus_prod_sql_retention\" {\n  enabled = true\n  " + option + "\n}\n"
}

func TestProdSQLRetentionRuleOptions(t *testing.T) {
	const db = `
resource "google_sql_database_instance" "db" {
  settings {
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      transaction_log_retention_days = 1
    }
  }
}`
	for name, tc := range map[string]struct {
		env, config string
		issues      int
	}{
		"environment option":                {config: prodRuleConfig(`environment = "prod"`), issues: 1},
		"own production list":               {env: "live", config: prodRuleConfig(`production_environments = ["live"]`), issues: 1},
		"prod not in the own list":          {env: "prod", config: prodRuleConfig(`production_environments = ["live"]`)},
		"environment option beats variable": {env: "prod", config: prodRuleConfig(`environment = "dev"`)},
	} {
		t.Run(name, func(t *testing.T) {
			r := NewProdSQLRetentionRule()
			r.getenv = func(string) string { return tc.env }
			runner := helper.TestRunner(t, map[string]string{"main.tf": db, ".tflint.hcl": tc.config})
			if err := r.Check(runner); err != nil {
				t.Fatal(err)
			}
			if len(runner.Issues) != tc.issues {
				t.Errorf("got %d issues, want %d: %+v", len(runner.Issues), tc.issues, runner.Issues)
			}
		})
	}
}

func TestImmutableImageRule(t *testing.T) {
	svc := func(image string) string {
		return `
resource "google_cloud_run_v2_service" "api" {
  template {
    containers {
      image = "` + image + `"
    }
  }
}`
	}
	bad := func(msg string) func(r tflint.Rule) helper.Issues {
		return func(r tflint.Rule) helper.Issues { return helper.Issues{issue(r, msg, 5, 15, 5, 0)} }
	}
	run(t, NewImmutableImageRule(), []ruleCase{
		{name: "digest", config: svc("europe-docker.pkg.dev/olympus/api/api@sha256:4b7ce07002c69e8f3d704a9c5d6fd3053be500b7f1c69fc0d80990c2ad8dd412")},
		{name: "release tag", config: svc("europe-docker.pkg.dev/olympus/api/api:v1.4.2")},
		{name: "registry port and tag", config: svc("registry.local:5000/api:v2")},
	})
	for name, tc := range map[string]struct{ image, why string }{
		"latest":       {"europe-docker.pkg.dev/olympus/api/api:latest", "uses the mutable tag latest"},
		"no tag":       {"europe-docker.pkg.dev/olympus/api/api", "has no tag or digest"},
		"port, no tag": {"registry.local:5000/api", "has no tag or digest"},
		"bare, no tag": {"nginx", "has no tag or digest"},
		"bare, latest": {"nginx:latest", "uses the mutable tag latest"},
	} {
		msg := `image "` + tc.image + `" ` + tc.why + ": deploy a digest (@sha256:…) or a release tag"
		want := bad(msg)
		run(t, NewImmutableImageRule(), []ruleCase{{name: name, config: svc(tc.image), want: func(r tflint.Rule) helper.Issues {
			is := want(r)
			is[0].Range.End.Column = 15 + len(tc.image) + 2
			return is
		}}})
	}
}

func TestNoHardcodedProjectRule(t *testing.T) {
	run(t, NewNoHardcodedProjectRule(), []ruleCase{
		{name: "from variables", config: `
variable "project" {
  default = "olympus-dev"
}
provider "google" {
  project = var.project
}
resource "google_storage_bucket" "b" {
  project = "${var.project}"
}`},
		{name: "hard-coded in provider, resource, module and nested block", config: `
provider "google" {
  project = "olympus-prod-4821"
}
resource "google_storage_bucket" "b" {
  project = "olympus-prod-4821"
}
module "net" {
  source     = "./net"
  project_id = "olympus-prod-4821"
}
resource "google_project_iam_member" "m" {
  dynamic "x" {
    content {
      project = "olympus-prod-4821"
    }
  }
}`, want: func(r tflint.Rule) helper.Issues {
			return helper.Issues{
				issue(r, `project = "olympus-prod-4821" is hard-coded: take the project from a variable set per environment`, 3, 13, 3, 32),
				issue(r, `project = "olympus-prod-4821" is hard-coded: take the project from a variable set per environment`, 6, 13, 6, 32),
				issue(r, `project_id = "olympus-prod-4821" is hard-coded: take the project from a variable set per environment`, 10, 16, 10, 35),
				issue(r, `project = "olympus-prod-4821" is hard-coded: take the project from a variable set per environment`, 15, 17, 15, 36),
			}
		}},
	})
}

func TestBackendPerEnvironmentRule(t *testing.T) {
	envs := func(m map[string]map[string]string) func() (map[string]map[string]string, error) {
		return func() (map[string]map[string]string, error) { return m, nil }
	}
	const gcs = `
terraform {
  backend "gcs" {
    bucket = "olympus-tfstate"
  }
}`
	for name, tc := range map[string]struct {
		config string
		envs   map[string]map[string]string
		want   []string
	}{
		"a prefix per environment": {config: gcs, envs: map[string]map[string]string{
			"dev": {"prefix": "dev"}, "staging": {"prefix": "staging"}, "prod": {"bucket": "olympus-prod-tfstate"},
		}},
		"shared prefix": {config: gcs, envs: map[string]map[string]string{
			"dev": {"prefix": "olympus"}, "prod": {"prefix": "olympus/"},
		}, want: []string{`environments "dev" and "prod" share the state gs://olympus-tfstate/olympus: give each its own bucket or prefix`}},
		"nothing per environment": {config: gcs, envs: map[string]map[string]string{"dev": {}, "prod": {}},
			want: []string{`environments "dev" and "prod" share the state gs://olympus-tfstate/: give each its own bucket or prefix`}},
		"no bucket": {config: "terraform {\n  backend \"gcs\" {}\n}", envs: map[string]map[string]string{"dev": {"prefix": "dev"}},
			want: []string{`environment "dev" has no state bucket: set bucket in environments/dev/backend.tfbackend`}},
		"not gcs": {config: "terraform {\n  backend \"local\" {}\n}",
			want: []string{`backend "local": state must live in a gcs backend, one bucket or prefix per environment`}},
		"no backend (a library module)": {config: "terraform {\n  required_version = \">= 1.5\"\n}"},
	} {
		t.Run(name, func(t *testing.T) {
			r := NewBackendPerEnvironmentRule()
			r.environments = envs(tc.envs)
			runner := helper.TestRunner(t, map[string]string{"main.tf": tc.config})
			if err := r.Check(runner); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, is := range runner.Issues {
				got = append(got, is.Message)
				if is.Range.Start.Line != 3 && is.Range.Start.Line != 2 {
					t.Errorf("issue at line %d, want the backend block", is.Range.Start.Line)
				}
			}
			if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
				t.Errorf("issues %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReadBackendFiles(t *testing.T) {
	got, err := ReadBackendFiles("testdata/backends")
	if err != nil {
		t.Fatal(err)
	}
	if got["dev"]["prefix"] != "olympus/dev" || got["prod"]["bucket"] != "olympus-prod-tfstate" || len(got) != 2 {
		t.Errorf("ReadBackendFiles = %v", got)
	}
}
