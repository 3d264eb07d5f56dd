// Tests written during the security review of issue 11, each of which
// proved a secret leaving through a channel the promises cover, and now
// shows it closed.
package trust_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

// module writes a root module with the standard environment layout.
func module(t *testing.T, main, tfvars string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"main.tf": main}
	for _, e := range []string{"dev", "staging", "prod"} {
		files["environments/"+e+"/backend.tfbackend"] = "path = \"state/" + e + ".tfstate\"\n"
		files["environments/"+e+"/terraform.tfvars"] = tfvars
	}
	for p, c := range files {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func around(s, sub string) string {
	i := strings.Index(s, sub)
	return s[max(0, i-40):min(len(s), i+len(sub)+40)]
}

// terraform apply prints the root outputs; a secret-named output known only
// after apply is printed before deploy reads the outputs and masks it.
func TestComputedSecretOutputPrintedByApply(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := module(t, `
terraform {
  backend "local" {}
}
variable "environment" { type = string }
resource "terraform_data" "x" { input = var.environment }
output "api_token" { value = "canary-${terraform_data.x.id}" }
output "conn" { value = { host = "h", password = "canary2-${terraform_data.x.id}" } }
`, "environment = \"dev\"\n")
	res := harness.Exec(t, harness.Run{Step: "deploy", Dir: dir, GitHub: gh, Inputs: map[string]string{"environment": "dev"}})
	st, err := os.ReadFile(filepath.Join(dir, "state", "dev.tfstate"))
	if err != nil {
		t.Fatalf("exit %d: %v\n%s", res.ExitCode, err, res.Stdout)
	}
	var s struct {
		Outputs map[string]struct{ Value any } `json:"outputs"`
	}
	if err := json.Unmarshal(st, &s); err != nil {
		t.Fatal(err)
	}
	tok, _ := s.Outputs["api_token"].Value.(string)
	conn, _ := s.Outputs["conn"].Value.(map[string]any)
	pw, _ := conn["password"].(string)
	log := res.Log()
	for _, c := range []string{tok, pw} {
		if c != "" && log.Contains(c) {
			t.Errorf("the secret-named output value %q is in the job log", c)
		}
	}
}

// plan-comment prints a failed plan's output, and puts terraform's stderr
// in the error annotation, with nothing of the plan masked: terraform
// quotes a sensitive variable in its validation error (and 1.11 saved an
// errored plan that says it is sensitive).
func TestPlanCommentValidationErrorLeaks(t *testing.T) {
	const main = `
terraform {
  backend "local" {}
}
variable "environment" { type = string }
variable "db_password" {
  type      = string
  sensitive = true
  validation {
    condition     = length(var.db_password) > 100
    error_message = "too short"
  }
}
resource "terraform_data" "x" { input = var.environment }
`
	for _, envs := range []string{"dev", "dev,staging"} {
		t.Run(envs, func(t *testing.T) {
			gh := fakegithub.New(t, harness.Token)
			dir := module(t, main, "environment = \"dev\"\ndb_password = \"canary-pcval-8812\"\n")
			res := harness.Exec(t, harness.Run{Step: "plan-comment", Dir: dir, GitHub: gh, Event: harness.PullRequest(7),
				Inputs: map[string]string{"environments": envs}})
			log := res.Log()
			for _, l := range log.Lines {
				if strings.Contains(l, "canary-pcval") {
					t.Errorf("exit %d: the sensitive value is in the job log: %q", res.ExitCode, l)
					break
				}
			}
			for _, a := range log.Annotations {
				if strings.Contains(a.Message, "canary-pcval") {
					t.Errorf("the sensitive value is in an annotation: %q", around(a.Message, "canary-pcval"))
				}
			}
		})
	}
}

// Values are cut to plan.MaxValueLen before the comment is redacted: a
// secret across the cut leaves its prefix in the comment and the summary.
func TestTruncationBeforeRedaction(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	const main = `
terraform {
  backend "local" {}
}
variable "environment" { type = string }
variable "db_password" { type = string }
variable "pad" { type = string }
resource "terraform_data" "x" { input = "${var.pad}${var.db_password}" }
`
	vars := func(pad string) string {
		return "environment = \"dev\"\ndb_password = \"canary-trunc-secret-123456\"\npad = \"" + pad + "\"\n"
	}
	dir := module(t, main, vars("a"))
	if first := harness.Exec(t, harness.Run{Step: "deploy", Dir: dir, GitHub: gh, Inputs: map[string]string{"environment": "dev"}}); first.ExitCode != 0 {
		t.Fatalf("deploy: exit %d\n%s", first.ExitCode, first.Stdout)
	}
	if err := os.WriteFile(filepath.Join(dir, "environments/dev/terraform.tfvars"), []byte(vars(strings.Repeat("p", 100))), 0o644); err != nil {
		t.Fatal(err)
	}
	res := harness.Exec(t, harness.Run{Step: "plan-comment", Dir: dir, GitHub: gh, Event: harness.PullRequest(7),
		Inputs: map[string]string{"environments": "dev"}, Env: map[string]string{"OLYMPUS_TEST_TIMING": "50ms"}})
	for _, c := range gh.Comments(7) {
		if strings.Contains(c.Body, "canary-tr") {
			t.Errorf("exit %d: a prefix of the secret is in the comment: %q", res.ExitCode, around(c.Body, "canary-tr"))
		}
	}
	if strings.Contains(res.Summary, "canary-tr") {
		t.Errorf("a prefix of the secret is in the summary: %q", around(res.Summary, "canary-tr"))
	}
}

// code() and cell() rewrite ` and | in values before the comment is
// redacted, so a secret holding them no longer matches.
func TestEscapingBeforeRedaction(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := module(t, `
terraform {
  backend "local" {}
}
variable "environment" { type = string }
variable "tok" {
  type      = string
  sensitive = true
}
output "conn" { value = "db://u:${nonsensitive(var.tok)}@h" }
`, "environment = \"dev\"\ntok = \"canary`tick|pipe-778\"\n")
	res := harness.Exec(t, harness.Run{Step: "plan-comment", Dir: dir, GitHub: gh, Event: harness.PullRequest(7),
		Inputs: map[string]string{"environments": "dev"}, Env: map[string]string{"OLYMPUS_TEST_TIMING": "50ms"}})
	for _, c := range gh.Comments(7) {
		if strings.Contains(c.Body, "canary") {
			t.Errorf("exit %d: the secret, rewritten, is in the comment: %q", res.ExitCode, around(c.Body, "canary"))
		}
	}
	if strings.Contains(res.Summary, "canary") {
		t.Errorf("the secret, rewritten, is in the summary: %q", around(res.Summary, "canary"))
	}
}

// Terraform's file() reads the process environment; the redactor knows
// only the GitHub token and secret inputs, so a job credential from the
// environment reaches the PR comment.
func TestEnvironmentTokenInComment(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := module(t, `
terraform {
  backend "local" {}
}
variable "environment" { type = string }
output "t" { value = regex("ACTIONS_ID_TOKEN_REQUEST_TOKEN=([^\u0000]+)", file("/proc/self/environ"))[0] }
`, "environment = \"dev\"\n")
	res := harness.Exec(t, harness.Run{Step: "plan-comment", Dir: dir, GitHub: gh, Event: harness.PullRequest(7),
		Inputs: map[string]string{"environments": "dev"},
		Env:    map[string]string{"OLYMPUS_TEST_TIMING": "50ms", "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "canary-oidc-request-token-5150"}})
	for _, c := range gh.Comments(7) {
		if strings.Contains(c.Body, "canary-oidc") {
			t.Errorf("exit %d: the job's OIDC request token is in the PR comment: %q", res.ExitCode, around(c.Body, "canary-oidc"))
		}
	}
}

// With tflint-path empty, ./tflint in the workspace is run before the
// tflint on PATH: a pull request can replace the linter (the check passes)
// and receives the job's GitHub token.
func TestWorkspaceTflintRunsWithToken(t *testing.T) {
	dir := module(t, "terraform {\n  backend \"local\" {}\n}\n", "")
	marker := filepath.Join(t.TempDir(), "ran")
	fake := "#!/bin/sh\nenv > " + marker + "\necho '{\"issues\":[],\"errors\":[]}'\n"
	if err := os.WriteFile(filepath.Join(dir, "tflint"), []byte(fake), 0o755); err != nil {
		t.Fatal(err)
	}
	plugins := t.TempDir()
	if err := os.WriteFile(filepath.Join(plugins, "tflint-ruleset-olympus"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	res := harness.Exec(t, harness.Run{Step: "validate", Dir: dir, Inputs: map[string]string{"checks": "tflint"},
		Env: map[string]string{"TFLINT_PLUGIN_DIR": plugins}})
	if b, err := os.ReadFile(marker); err == nil {
		t.Errorf("exit %d: the workspace's ./tflint ran instead of the one on PATH; it saw GITHUB_TOKEN=%v", res.ExitCode,
			strings.Contains(string(b), "GITHUB_TOKEN="+harness.Token))
	}
}
