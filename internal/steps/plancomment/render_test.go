package plancomment

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// fixtures are terraform-json's own plan fixtures, many format versions.
const fixtures = "../../domain/policy/testdata/terraform-json"

func protectedTypes() policy.Protected {
	return policy.NewProtected(append([]string{"localcloud_sql_instance"}, policy.DefaultProtected...))
}

func TestRenderTerraformJSONFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.json"))
	if len(files) < 20 {
		t.Fatalf("only %d fixtures", len(files))
	}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(f), ".json"), "__plan")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			p, err := parse(b)
			if name == "invalid" {
				if err == nil || !strings.Contains(err.Error(), "not a `terraform show -json` plan") {
					t.Fatalf("invalid plan: err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			e := &EnvPlan{Environment: "dev", Plan: p, Protected: protectedTypes()}
			golden.Check(t, filepath.Join("fixtures", name+".md"), e.Render(Full, 0))
		})
	}
}

func TestParseRefusesAnUnknownMajorFormatVersion(t *testing.T) {
	_, err := parse([]byte(`{"format_version":"2.0","terraform_version":"2.0.0"}`))
	if err == nil || !strings.Contains(err.Error(), "2.0") {
		t.Fatalf("err = %v, want a refusal naming the version", err)
	}
	if _, err := parse([]byte(`{"format_version":"1.2","terraform_version":"1.9.0","some_new_field":{"x":1}}`)); err != nil {
		t.Fatalf("an unknown field was not ignored: %v", err)
	}
}

// canary is a secret the generated plans carry in a sensitive variable, a
// sensitive output and a service env value.
const canary = "canary-5c1d0e77-plan-comment"

const generatedMain = `
terraform {
  required_providers {
    localcloud = { source = "olympus/localcloud", version = "0.1.0" }
  }
}
provider "localcloud" {
  root = "${path.root}/cloud"
}
variable "api_key" {
  type      = string
  sensitive = true
}
variable "image" { type = string }
variable "db_name" { type = string }
%s
resource "localcloud_sql_instance" "db" {
  name                = var.db_name
  tier                = "db-f1-micro"
  pitr_enabled        = true
  retention_days      = 7
  deletion_protection = false
}
%s
output "api_key" {
  value     = var.api_key
  sensitive = true
}
output "image" { value = var.image }
`

const serviceAPI = `
resource "localcloud_service" "%s" {
  name  = "olympus-api"
  image = var.image
  env = {
    LOG_LEVEL = "info"
    API_TOKEN = var.api_key
    PLAIN     = "%s"
  }
}`

// normalise removes what changes from run to run: revision suffixes.
var revisionRE = regexp.MustCompile(`-\d{5}-[a-z0-9]{3}`)

func TestRenderGeneratedPlans(t *testing.T) {
	t.Setenv("TF_CLI_CONFIG_FILE", tfenv.Shared(t))
	t.Setenv("TF_VAR_api_key", canary)
	dir := t.TempDir()
	ctx := context.Background()
	tf, err := terraform.New(ctx, terraform.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	write := func(main string, vars string) {
		t.Helper()
		os.WriteFile(filepath.Join(dir, "main.tf"), []byte(main), 0o644)
		os.WriteFile(filepath.Join(dir, "terraform.tfvars"), []byte(vars), 0o644)
	}
	step := func(name string, apply bool) {
		t.Helper()
		out := filepath.Join(dir, name+".tfplan")
		if _, err := tf.Plan(ctx, terraform.PlanOptions{Out: out}); err != nil {
			t.Fatal(err)
		}
		p, err := tf.ShowPlan(ctx, out)
		if err != nil {
			t.Fatal(err)
		}
		e := &EnvPlan{Environment: "dev", Plan: p, Protected: protectedTypes()}
		got := e.Render(Full, 0)
		if strings.Contains(got, canary) {
			t.Errorf("%s: the canary is in the rendering", name)
		}
		// The same plan read from `terraform show -json` by plan.Parse, as
		// plan-json is: the same rendering, the same secrets.
		cmd := exec.Command(tf.ExecPath(), "show", "-json", out)
		cmd.Dir = dir
		raw, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := plan.Parse(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if r := (&EnvPlan{Environment: "dev", Plan: parsed.Plan, Protected: protectedTypes()}).Render(Full, 0); r != got {
			t.Errorf("%s: plan.Parse's plan renders differently:\n%s\nterraform-exec's:\n%s", name, r, got)
		}
		if s := policy.Secrets(p); !slices.Equal(parsed.Secrets, s) || !slices.Contains(s, canary) {
			t.Errorf("%s: secrets %q while parsing, %q from terraform-exec's plan", name, parsed.Secrets, s)
		}
		golden.Check(t, filepath.Join("generated", name+".md"), revisionRE.ReplaceAllString(got, "-NNNNN-xxx"))
		if apply {
			if err := tf.Apply(ctx, out, nil); err != nil {
				t.Fatal(err)
			}
		}
	}

	write(fmt.Sprintf(generatedMain, fmt.Sprintf(serviceAPI, "api", "a"), ""), "image = \"api:v1\"\ndb_name = \"olympus-db\"\n")
	if err := tf.InitNoBackend(ctx); err != nil {
		t.Fatal(err)
	}
	step("create", true)
	step("no-changes", false)

	// Behind Terraform's back: the service's image is changed by hand (drift)
	// and a second service is made (imported below).
	store := localstore.Store{Root: filepath.Join(dir, "cloud")}
	if _, err := store.UpdateService("olympus-api", func(s *localstore.Service) error { s.Image = "api:hotfix"; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, _, err := store.ApplyServiceConfig("olympus-worker", "worker:v1", map[string]string{"MODE": "batch"}); err != nil {
		t.Fatal(err)
	}
	// Then the change under review: the service is moved to a new address
	// and updated, the database renamed (replace), the worker imported,
	// and an output added.
	extra := `
moved {
  from = localcloud_service.api
  to   = localcloud_service.web
}
import {
  to = localcloud_service.worker
  id = "olympus-worker"
}
resource "localcloud_service" "worker" {
  name  = "olympus-worker"
  image = "worker:v1"
  env   = { MODE = "batch" }
}
output "db" { value = localcloud_sql_instance.db.name }
`
	write(fmt.Sprintf(generatedMain, fmt.Sprintf(serviceAPI, "web", "b"), extra), "image = \"api:v2\"\ndb_name = \"olympus-db-2\"\n")
	step("mixed", true)

	// Finally everything is removed: deletes, and a protected destroy.
	write(fmt.Sprintf(generatedMain, "", ""), "image = \"api:v2\"\ndb_name = \"olympus-db-2\"\n")
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte(strings.Replace(fmt.Sprintf(generatedMain, "", ""),
		"resource \"localcloud_sql_instance\" \"db\" {", "resource \"localcloud_sql_instance\" \"gone\" {\n  count = 0", 1)+
		"\noutput \"db\" { value = \"\" }\n"), 0o644)
	step("destroy", false)
}
