package validate_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/steps/validate"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/hostile"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// A repository as a new user brings it: a foundation of many root modules
// (shaped like GCP's example foundation), some of which no tool can judge
// as they are in git. Each shape is one that stopped validate at the first
// module: var files that are symlinks to files each user creates from an
// example, an environment's var file missing, variables without values
// passed to a typed module input (defsec crashes on it), remote module
// sources that cannot be downloaded, and a module on which the scanner
// panics through the test seam. Beside them, clean modules (some on the
// local provider, whose init succeeds) and modules with real findings.

// remoteSource cannot be downloaded anywhere, in the same words everywhere:
// nothing listens on port 1.
const remoteSource = "http://127.0.0.1:1/modules/vpc.zip"

const requiredVersion = "terraform {\n  required_version = \">= 1.5\"\n}\n"

// cleanModule is a root module every check passes.
func cleanModule(name string) string {
	return requiredVersion + fmt.Sprintf(`
variable "name" {
  type    = string
  default = %q
}

resource "terraform_data" "this" {
  input = var.name
}
`, name)
}

func localcloudModule(name string) string {
	return fmt.Sprintf(`terraform {
  required_version = ">= 1.5"

  required_providers {
    localcloud = {
      source  = "olympus/localcloud"
      version = "0.1.0"
    }
  }
}

provider "localcloud" {
  root = "${path.root}/.localcloud"
}

resource "localcloud_service" "api" {
  name  = %q
  image = "europe-docker.pkg.dev/olympus/api/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
}
`, name)
}

// valuesModule reads its values from var files only (no defaults).
const valuesModule = requiredVersion + `
variable "org_id" {
  type = string
}

variable "billing_account" {
  type = string
}

resource "terraform_data" "org" {
  input = "${var.org_id}/${var.billing_account}"
}
`

// bootstrapModule has no values for its variables (each user writes
// terraform.tfvars from the example) and passes them to a typed module
// input, uses them in count and for_each: defsec v0.93.1 crashes on it.
const bootstrapModule = requiredVersion + `
variable "project_id" {
  type = string
}

variable "seed_count" {
  type = number
}

variable "labels" {
  type = map(string)
}

module "seed" {
  source     = "../modules/seed"
  project_id = var.project_id
}

resource "terraform_data" "copies" {
  count = var.seed_count
  input = module.seed.id
}

resource "terraform_data" "labels" {
  for_each = var.labels
  input    = each.value
}
`

const seedModule = requiredVersion + `
variable "project_id" {
  type = string
}

resource "terraform_data" "seed" {
  input = var.project_id
}

output "id" {
  value = terraform_data.seed.id
}
`

const remoteModule = requiredVersion + `
module "vpc" {
  source = "` + remoteSource + `"
}

resource "terraform_data" "peering" {
  input = "hub"
}
`

// Modules with real findings: one of each engine.
var findingModules = map[string]string{
	"findings/unpinned/main.tf":   "resource \"terraform_data\" \"x\" {\n  input = \"a\"\n}\n",
	"findings/fmt/main.tf":        requiredVersion + "\nresource \"terraform_data\" \"x\" {\n  input    =   \"a\"\n}\n",
	"findings/undeclared/main.tf": requiredVersion + "\nresource \"terraform_data\" \"x\" {\n  input = var.missing\n}\n",
	"findings/bucket/main.tf": `terraform {
  required_version = ">= 1.5"

  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.0"
    }
  }
}

resource "google_storage_bucket" "public" {
  name                        = "olympus-public"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket_iam_member" "all" {
  bucket = google_storage_bucket.public.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}
`,
}

// crashModule is the module the test seam makes the scanner panic on.
const crashModule = "crash/seam"

// brokenTree writes the 50 root modules under dir and returns their paths
// (relative, sorted) and the CLI config that installs olympus/* from the
// local mirror and no hashicorp/* provider at all, in the same words on
// every machine.
func brokenTree(t *testing.T, dir string) (roots []string, cliConfig string) {
	t.Helper()
	files := map[string]string{}
	links := map[string]string{} // link -> target
	root := func(path, body string) {
		files[path+"/main.tf"] = body
		roots = append(roots, path)
	}
	for i := range 25 {
		name := fmt.Sprintf("services/svc-%02d", i)
		if i < 4 {
			root(name, localcloudModule(fmt.Sprintf("svc-%02d", i)))
		} else {
			root(name, cleanModule(fmt.Sprintf("svc-%02d", i)))
		}
	}
	// 1-org: each environment's terraform.tfvars is a symlink to the one
	// the user writes from terraform.example.tfvars.
	files["org/terraform.example.tfvars"] = "org_id          = \"000000000000\"\nbilling_account = \"000000-000000-000000\"\n"
	for _, env := range []string{"development", "nonproduction", "production", "shared"} {
		root("org/envs/"+env, valuesModule)
		links["org/envs/"+env+"/terraform.tfvars"] = "../../terraform.tfvars"
	}
	// 4-projects: common.auto.tfvars from an example, access_context.auto.tfvars
	// with no example at all.
	files["projects/common.auto.example.tfvars"] = "org_id          = \"000000000000\"\nbilling_account = \"000000-000000-000000\"\n"
	for _, bu := range []string{"bu1", "bu2"} {
		for _, env := range []string{"development", "nonproduction", "production"} {
			p := "projects/" + bu + "/" + env
			root(p, valuesModule)
			if bu == "bu1" {
				links[p+"/common.auto.tfvars"] = "../../common.auto.tfvars"
			} else {
				links[p+"/access_context.auto.tfvars"] = "../../access_context.auto.tfvars"
			}
		}
	}
	// Apps whose dev values are a symlink to a file not in the repository;
	// prod's are there.
	for _, app := range []string{"apps/frontend", "apps/backend"} {
		root(app, valuesModule)
		links[app+"/environments/dev/terraform.tfvars"] = "../../../../values/dev.tfvars"
		files[app+"/environments/prod/terraform.tfvars"] = "org_id          = \"111111111111\"\nbilling_account = \"111111-111111-111111\"\n"
	}
	for i := range 4 {
		root(fmt.Sprintf("bootstrap/seed-%d", i), bootstrapModule)
	}
	files["bootstrap/modules/seed/main.tf"] = seedModule
	for _, n := range []string{"hub", "spoke-0", "spoke-1", "spoke-2"} {
		root("networks/"+n, remoteModule)
	}
	root(crashModule, cleanModule("crash"))
	for p, body := range findingModules {
		files[p] = body
		roots = append(roots, filepath.Dir(p))
	}
	slices.Sort(roots)
	if len(roots) != 50 {
		t.Fatalf("the tree has %d root modules, want 50", len(roots))
	}
	for p, body := range files {
		p = filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for link, target := range links {
		link = filepath.Join(dir, link)
		if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, link); err != nil {
			t.Fatal(err)
		}
	}
	return roots, noRegistryConfig(t)
}

// noRegistryConfig is the test bed's CLI config with hashicorp/* taken from
// an empty mirror: installing them fails the same way on every machine,
// network or not (stableWords hides the mirror's path).
func noRegistryConfig(t *testing.T) string {
	t.Helper()
	shared := tfenv.Shared(t)
	dir := t.TempDir()
	empty := filepath.Join(dir, "no-providers")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf(`provider_installation {
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/olympus/*"]
  }
  filesystem_mirror {
    path    = %q
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/olympus/*", "registry.terraform.io/hashicorp/*"]
  }
}
disable_checkpoint = true
`, filepath.Join(filepath.Dir(shared), "mirror"), empty)
	p := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(p, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// emptyMirror is where terraform looked for hashicorp/* under
// noRegistryConfig, as its words give it.
var emptyMirror = regexp.MustCompile(`search locations\s+- \S+/no-providers`)

// stableWords hides what differs between machines in terraform's words.
func stableWords(s string) string {
	return emptyMirror.ReplaceAllString(s, "search locations - <empty mirror>")
}

// lockLocalcloud writes the dependency lock file of the localcloud modules,
// as their repository would hold it.
func lockLocalcloud(t *testing.T, infra, cliConfig string) {
	t.Helper()
	t.Setenv("TF_CLI_CONFIG_FILE", cliConfig)
	first := filepath.Join(infra, "services", "svc-00")
	tf, err := terraform.New(context.Background(), terraform.Options{Dir: first, DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if err := tf.InitNoBackend(context.Background()); err != nil {
		t.Fatal(err)
	}
	lock, err := os.ReadFile(filepath.Join(first, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < 4; i++ {
		if err := os.WriteFile(filepath.Join(infra, "services", fmt.Sprintf("svc-%02d", i), ".terraform.lock.hcl"), lock, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestValidateJudgesEveryModuleOfABrokenTree(t *testing.T) {
	ws := t.TempDir()
	infra := filepath.Join(ws, "infra")
	roots, cliConfig := brokenTree(t, infra)
	lockLocalcloud(t, infra, cliConfig)

	run := validateRun(t, ws, nil)
	run.Env["TF_CLI_CONFIG_FILE"] = cliConfig
	run.Env[validate.SeamScannerPanic] = crashModule
	start := time.Now()
	res := harness.Start(t, run).Wait(t, 15*time.Minute)
	t.Logf("validate of %d root modules took %s", len(roots), time.Since(start).Round(time.Second))

	// The exit code follows the findings: the tree has some at or above
	// high, and nothing else may fail the step.
	if res.ExitCode != 1 || res.Outputs["failed"] != "true" {
		t.Fatalf("exit %d outputs %v, want 1 (findings at or above high)\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Outputs, res.Stdout, res.Stderr)
	}
	// Every root module is in the summary, for every check.
	for _, r := range roots {
		for _, check := range []string{"fmt", "validate", "tflint", "security"} {
			if !regexp.MustCompile(`(?m)^\| ` + check + ` \| ` + "`" + regexp.QuoteMeta(r) + "`").MatchString(res.Summary) {
				t.Errorf("%s of %s is not in the summary", check, r)
			}
		}
	}
	// Each problem in the tool's own words, with what to do, for its module.
	for _, want := range []struct{ check, module, words string }{
		{"fmt", "org/envs/production", "Failed to read file terraform.tfvars"},
		{"fmt", "org/envs/production", "create org/terraform.tfvars from org/terraform.example.tfvars, or remove the symlink"},
		{"tflint", "projects/bu1/development", `The file "common.auto.tfvars" does not exist`},
		{"tflint", "projects/bu1/development", "create projects/common.auto.tfvars from projects/common.auto.example.tfvars, or remove the symlink"},
		{"tflint", "projects/bu2/production", "create projects/access_context.auto.tfvars, or remove the symlink"},
		{"tflint", "apps/frontend", "environments/dev/terraform.tfvars"},
		{"security", "apps/backend", "environments/dev/terraform.tfvars"},
		{"security", "bootstrap/seed-2", "invalid memory address or nil pointer dereference"},
		{"security", "bootstrap/seed-2", "give every root variable a value"},
		{"security", crashModule, "forced crash"},
		{"validate", "networks/spoke-1", `remote module source "` + remoteSource + `"`},
		{"validate", "networks/spoke-1", "connect: connection refused"},
		{"validate", "findings/bucket", "hashicorp/google was not found"},
	} {
		if !hasNotice(res.Summary, want.check, want.module, want.words) {
			t.Errorf("no %s notice for %s saying %q", want.check, want.module, want.words)
		}
	}
	// The scanner's crash leaves its stack in the log.
	if !strings.Contains(res.Stdout, "goroutine") || !strings.Contains(res.Stdout, crashModule) {
		t.Errorf("no stack of the scanner's crash in the log:\n%s", res.Stdout)
	}
	// The other modules were judged: findings of each engine.
	for _, want := range []string{"terraform_fmt", "terraform_validate", "terraform_required_version", "google-storage-no-public-access"} {
		if !strings.Contains(res.Summary, want) {
			t.Errorf("no %s finding: the module with it was not judged", want)
		}
	}
	golden.Check(t, "tree.summary.md", stableSummary(res.Summary, ws))
}

// hasNotice looks for a notice of the summary: "- check, `module` …: message".
func hasNotice(summary, check, module, words string) bool {
	for _, l := range strings.Split(summary, "\n") {
		if strings.HasPrefix(l, "- "+check+", `"+module+"`") && strings.Contains(l, words) {
			return true
		}
	}
	return false
}

// stableSummary replaces what differs between machines: the temporary
// directories.
func stableSummary(s, ws string) string {
	return strings.ReplaceAll(stableWords(s), ws, "<workspace>")
}

// TestValidateBrokenModulesAloneDoNotFailAndCannotCommandTheRunner runs
// validate on modules that no tool can judge in full and have no finding:
// it passes, says why each was not fully checked, and the tools' words,
// with file and module names that try to command the runner, stay text.
func TestValidateBrokenModulesAloneDoNotFailAndCannotCommandTheRunner(t *testing.T) {
	ws := t.TempDir()
	infra := filepath.Join(ws, "infra")
	evil := "evil\r::x::owned"
	for p, body := range map[string]string{
		"ok/main.tf":                 cleanModule("ok"),
		"links/main.tf":              valuesModule,
		"bootstrap/main.tf":          bootstrapModule,
		"modules/seed/main.tf":       seedModule,
		"net/main.tf":                remoteModule,
		evil + "/main.tf":            cleanModule("evil"),
		"links/terraform.tfvars.txt": "",
	} {
		p = filepath.Join(infra, p)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hostileName := "values\r::stop-commands::y\n::y::pwned.auto.tfvars"
	if err := os.Symlink("../missing/"+hostileName, filepath.Join(infra, "links", hostileName)); err != nil {
		t.Fatal(err)
	}
	run := validateRun(t, ws, nil)
	run.Env["TF_CLI_CONFIG_FILE"] = noRegistryConfig(t)
	run.Env[validate.SeamScannerPanic] = evil
	res := harness.Exec(t, run)
	if res.ExitCode != 0 || res.Outputs["failed"] != "false" {
		t.Fatalf("exit %d outputs %v, want 0 (no findings)\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Outputs, res.Stdout, res.Stderr)
	}
	for _, want := range []struct{ check, module, words string }{
		{"tflint", "links", "does not exist"},
		{"security", "bootstrap", "nil pointer dereference"},
		{"validate", "net", "could not be downloaded"},
		{"security", "evil ::x::owned", "forced crash"},
	} {
		if !hasNotice(res.Summary, want.check, want.module, want.words) {
			t.Errorf("no %s notice for %s saying %q:\n%s", want.check, want.module, want.words, res.Summary)
		}
	}
	hostile.AssertSafe(t, "validate on hostile names", res, nil)
	var warned int
	for _, a := range res.Log().Annotations {
		if a.Type == "warning" && strings.Contains(a.Properties["title"], "olympus validate") {
			warned++
		}
	}
	if warned == 0 {
		t.Errorf("no warning annotation for the modules not fully checked: %+v", res.Log().Annotations)
	}
}
