package cli

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/steps"
)

// The secret inputs come from the specs: the GitHub token and the plan
// key today, any input marked Secret tomorrow.
func TestSecretInputsAreReadFromTheSpecs(t *testing.T) {
	got := secretInputs(steps.All())
	for _, k := range []string{"INPUT_GITHUB_TOKEN", "INPUT_PLAN_ENCRYPTION_KEY"} {
		if !got[k] {
			t.Errorf("%s is not a secret input: %v", k, got)
		}
	}
	if got["INPUT_ENVIRONMENT"] || got["INPUT_TERRAFORM_PATH"] {
		t.Errorf("a plain input is taken for a secret: %v", got)
	}
}

// After a step has read its inputs, no variable of the process's
// environment (which terraform, tflint and run: checks inherit) carries a
// secret input, in any spelling; plain inputs stay.
func TestAStepRemovesTheSecretInputsFromTheEnvironment(t *testing.T) {
	dir, fakeTF, _ := workspace(t)
	t.Setenv("GITHUB_ACTIONS", "true")
	t.Setenv("GITHUB_WORKSPACE", dir)
	t.Setenv("INPUT_TERRAFORM-PATH", fakeTF)
	t.Setenv("INPUT_ENVIRONMENT", "qa") // bad input: the step stops before terraform
	secrets := map[string]string{
		"INPUT_GITHUB-TOKEN":        "canary-token-dash",
		"INPUT_GITHUB_TOKEN":        "canary-token-underscore",
		"INPUT_PLAN-ENCRYPTION-KEY": "canary-key-dash",
		"INPUT_PLAN_ENCRYPTION_KEY": "canary-key-underscore",
		"input_github-token":        "canary-token-lower",
	}
	for k, v := range secrets {
		if v != "" {
			t.Setenv(k, v)
		}
	}
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out strings.Builder
	if code := Run(t.Context(), steps.All(), []string{"deploy"}, &out, &out, os.Getenv); code != 2 {
		t.Fatalf("exit %d\n%s", code, out.String())
	}
	for _, kv := range os.Environ() {
		for k, v := range secrets {
			if v != "" && strings.Contains(kv, v) {
				t.Errorf("%s is still in the environment: %s", k, kv)
			}
		}
	}
	if os.Getenv("INPUT_TERRAFORM-PATH") != fakeTF {
		t.Errorf("a plain input was removed")
	}
}

// A step run in its own binary is given its own inputs (it reads them
// and removes its secret ones) but no other step's secrets.
func TestADelegatedStepGetsOnlyItsOwnSecrets(t *testing.T) {
	env := []string{"PATH=/bin", "INPUT_GITHUB-TOKEN=t", "INPUT_GITHUB_TOKEN=t", "INPUT_PLAN-ENCRYPTION-KEY=k", "INPUT_CHECKS=migrations"}
	drop := secretInputs(steps.All())
	got := withoutInputs(env, drop)
	if want := []string{"PATH=/bin", "INPUT_CHECKS=migrations"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	delete(drop, "INPUT_GITHUB_TOKEN")
	if got := withoutInputs(env, drop); len(got) != 4 || !slices.Contains(got, "INPUT_GITHUB-TOKEN=t") {
		t.Errorf("the step's own secret input was removed: %q", got)
	}
}
