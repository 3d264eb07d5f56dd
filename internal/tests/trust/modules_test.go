package trust_test

import (
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/gitrepo"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

// withModules is the example calling a local module, which calls another
// local module, and a module fetched by terraform init (from a git
// repository, as a registry or GitHub module would be), whose repository
// it returns.
func withModules(t *testing.T) (dir, remote string) {
	t.Helper()
	dir = example(t)
	remote = t.TempDir()
	gitrepo.Write(t, remote, "main.tf", "variable \"name\" { type = string }\noutput \"label\" { value = \"team-${var.name}\" }\n")
	gitrepo.Git(t, remote, "init", "-q", "-b", "main")
	gitrepo.Git(t, remote, "add", "-A")
	gitrepo.Git(t, remote, "commit", "-q", "-m", "v1")
	gitrepo.Write(t, dir, "modules.tf", `
module "worker" {
  source      = "./modules/worker"
  environment = var.environment
  image       = var.image
}

module "label" {
  source = "git::file://`+remote+`"
  name   = var.environment
}

output "worker_name" { value = module.worker.name }
output "label" { value = module.label.label }
`)
	gitrepo.Write(t, dir, "modules/worker/main.tf", `
terraform {
  required_providers {
    localcloud = { source = "olympus/localcloud" }
  }
}
variable "environment" { type = string }
variable "image" { type = string }
module "naming" {
  source      = "../naming"
  environment = var.environment
}
resource "localcloud_service" "worker" {
  name  = module.naming.name
  image = var.image
}
output "name" { value = localcloud_service.worker.name }
`)
	gitrepo.Write(t, dir, "modules/naming/main.tf", "variable \"environment\" { type = string }\noutput \"name\" { value = \"olympus-worker-${var.environment}\" }\n")
	return dir, remote
}

func reviewedInputs(out map[string]string) map[string]string {
	return map[string]string{"plan-file": strings.TrimPrefix(out["plan-files"], "dev="), "plan-sha256": out["plan-sha256"]}
}

// A reviewed plan of a configuration with modules applies when nothing
// changed, though terraform fetched the remote module into another data
// directory for the plan than for the apply.
func TestReviewedPlanWithModulesApplies(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir, _ := withModules(t)
	out := planComment(t, gh, dir, "dev")
	res := deploy(t, gh, dir, "dev", reviewedInputs(out))
	if res.ExitCode != 0 || res.Outputs["outcome"] != "applied" || !strings.Contains(res.Outputs["terraform-outputs"], `"worker_name":"olympus-worker-dev"`) {
		t.Fatalf("exit %d outputs %v\n%s", res.ExitCode, res.Outputs, res.Stdout)
	}
}

// Terraform applies a saved plan from the configuration snapshot inside
// it, modules included: a plan made before a called module changed is not
// the plan of this working directory, whichever module changed.
func TestPlanFromAnotherModuleConfigurationIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(t *testing.T, dir, remote string)
		names  string
	}{
		{"local module", func(t *testing.T, dir, _ string) {
			gitrepo.Write(t, dir, "modules/worker/main.tf", "# changed after the plan\n")
		}, "modules/worker/main.tf"},
		{"module of a module", func(t *testing.T, dir, _ string) {
			gitrepo.Write(t, dir, "modules/naming/main.tf", "variable \"environment\" { type = string }\noutput \"name\" { value = \"evil-${var.environment}\" }\n")
		}, "modules/naming/main.tf"},
		{"file added to a module", func(t *testing.T, dir, _ string) {
			gitrepo.Write(t, dir, "modules/naming/override.tf", "output \"name\" { value = \"evil\" }\n")
		}, "modules/naming/override.tf"},
		{"fetched module", func(t *testing.T, _, remote string) {
			gitrepo.Write(t, remote, "main.tf", "variable \"name\" { type = string }\noutput \"label\" { value = \"evil-${var.name}\" }\n")
			gitrepo.Git(t, remote, "commit", "-q", "-am", "v2")
		}, "main.tf of module.label"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gh := fakegithub.New(t, harness.Token)
			dir, remote := withModules(t)
			out := planComment(t, gh, dir, "dev")
			tc.change(t, dir, remote)
			res := deploy(t, gh, dir, "dev", reviewedInputs(out))
			if res.ExitCode != 1 || !strings.Contains(res.Stdout, "another configuration") || !strings.Contains(res.Stdout, tc.names) {
				t.Fatalf("exit %d\n%s", res.ExitCode, res.Stdout)
			}
			if _, ok := state(t, dir, "dev"); ok {
				t.Error("the refused plan wrote a state")
			}
		})
	}
}
