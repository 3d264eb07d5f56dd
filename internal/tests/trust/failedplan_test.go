package trust_test

import (
	"encoding/base64"
	"net/url"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// failingPlan plans three resources from a secret-named variable, in
// derived forms nothing marks sensitive, prints them, and then fails on
// another variable's validation: terraform saves the errored plan.
const failingPlan = `
terraform {
  backend "local" {}
}
variable "environment" {
  type = string
  validation {
    condition     = var.environment == "nowhere"
    error_message = "This environment is closed for the test."
  }
}
variable "db_password" { type = string }
resource "terraform_data" "b64" { input = base64encode(var.db_password) }
resource "terraform_data" "url" { input = urlencode(var.db_password) }
resource "terraform_data" "upper" { input = upper(var.db_password) }
`

// failedPlanSecret is the secret-named variable's value: its derived
// forms are the canaries, none of which a var file or TF_VAR_* says.
const failedPlanSecret = "canary-fp/9 z"

func failedPlanCanaries() map[string]string {
	return map[string]string{
		"the value":            failedPlanSecret,
		"its base64 form":      base64.StdEncoding.EncodeToString([]byte(failedPlanSecret)),
		"its URL-encoded form": url.QueryEscape(failedPlanSecret),
		"its upper-case form":  strings.ToUpper(failedPlanSecret),
	}
}

// assertNoCanary searches every channel of a run: the job log as the
// runner shows it, the raw output but the ::add-mask:: commands, the
// summary, the outputs, and everything sent to GitHub.
func assertNoCanary(t *testing.T, what string, res *harness.Result, gh *fakegithub.Server, canaries map[string]string) {
	t.Helper()
	log := res.Log()
	raw := strings.Split(res.Stdout+"\n"+res.Stderr, "\n")
	for shape, c := range canaries {
		if log.Contains(c) {
			t.Errorf("%s: %s is in the job log", what, shape)
		}
		for _, line := range raw {
			if strings.Contains(line, c) && !strings.HasPrefix(line, "::add-mask::") {
				t.Errorf("%s: %s was printed: %q", what, shape, line)
			}
		}
		for _, a := range log.Annotations {
			if strings.Contains(a.Message, c) {
				t.Errorf("%s: %s is in an annotation", what, shape)
			}
		}
		for name, text := range map[string]string{"summary": res.Summary, "outputs": res.OutputFile} {
			if strings.Contains(text, c) {
				t.Errorf("%s: %s is in the %s", what, shape, name)
			}
		}
		for _, r := range gh.Requests() {
			if strings.Contains(r.Body, c) || strings.Contains(r.Query, c) {
				t.Errorf("%s: %s was sent to GitHub: %s %s", what, shape, r.Method, r.Path)
			}
		}
	}
}

func failingPlanRun(t *testing.T, gh *fakegithub.Server, stepName string, inputs map[string]string) *harness.Result {
	t.Helper()
	dir := module(t, failingPlan, "environment = \"dev\"\ndb_password = \""+failedPlanSecret+"\"\n")
	r := harness.Run{Step: stepName, Dir: dir, GitHub: gh, Inputs: inputs,
		Env: map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "OLYMPUS_TEST_TIMING": "100ms"}}
	if stepName == "plan-comment" {
		r.Event = harness.PullRequest(7)
	}
	return harness.Exec(t, r)
}

// plan-comment with a failing plan whose changes print the base64,
// URL-encoded and upper-case forms of a secret-named variable: no form in
// any channel, for one environment (planned in the step's process) and
// several (in workers). Before the session, the held output was printed
// with only the masks known before terraform ran.
func TestPlanCommentFailedPlanLeaksNoDerivedForm(t *testing.T) {
	for _, envs := range []string{"dev", "dev,staging"} {
		t.Run(envs, func(t *testing.T) {
			gh := fakegithub.New(t, harness.Token)
			res := failingPlanRun(t, gh, "plan-comment", map[string]string{"environments": envs})
			if res.ExitCode == 0 {
				t.Fatalf("a failing plan passed:\n%s", res.Stdout)
			}
			assertNoCanary(t, "plan-comment "+envs, res, gh, failedPlanCanaries())
			if !res.Log().Contains("planned the following actions, but then encountered a problem") {
				t.Errorf("terraform's output was not released once masked:\n%s", res.Stdout)
			}
		})
	}
}

// Every terraform step follows the one policy on a failed plan: the plan
// terraform saved is read and masked, then its output is released (said
// by the same line in every log), the step fails with terraform's own
// error, and no derived form of the secret leaves through any channel.
func TestEveryStepReleasesAFailedPlanOnlyOnceMasked(t *testing.T) {
	for _, tc := range []struct {
		step   string
		inputs map[string]string
	}{
		{"deploy", map[string]string{"environment": "dev"}},
		{"deploy", map[string]string{"environment": "dev", "mode": "plan"}},
		{"plan-comment", map[string]string{"environments": "dev"}},
		{"plan-comment", map[string]string{"environments": "dev,staging"}},
		{"drift-reconcile", map[string]string{"environments": "dev"}},
		{"drift-reconcile", map[string]string{"environments": "dev,staging"}},
	} {
		what := tc.step + " " + strings.Join(values(tc.inputs), " ")
		t.Run(what, func(t *testing.T) {
			gh := fakegithub.New(t, harness.Token)
			res := failingPlanRun(t, gh, tc.step, tc.inputs)
			if res.ExitCode == 0 {
				t.Fatalf("a failing plan passed:\n%s", res.Stdout)
			}
			assertNoCanary(t, what, res, gh, failedPlanCanaries())
			log := res.Log()
			if !log.Contains("planned the following actions, but then encountered a problem") {
				t.Errorf("terraform's output was not released once masked:\n%s", res.Stdout)
			}
			failed := false
			for _, a := range log.Annotations {
				failed = failed || strings.Contains(a.Message, "Invalid value for variable")
			}
			if !failed {
				t.Errorf("no annotation gives terraform's error: %+v", log.Annotations)
			}
		})
	}
}

func values(m map[string]string) []string {
	var out []string
	for _, k := range []string{"environment", "environments", "mode"} {
		if v, ok := m[k]; ok {
			out = append(out, v)
		}
	}
	return out
}
