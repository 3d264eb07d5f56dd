// Package monorepo_test runs every step on a root module whose layout
// olympus.yaml gives: backend and variables files away from
// environments/<env>/, two variables files per environment, its own
// promotion order.
package monorepo_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

func TestMain(m *testing.M) { harness.Main(m) }

const apiKey = "k-monorepo-layout-0042"

// config puts every environment's files in services/api/config/: a
// backend file named after it, the shared values, then its own values.
// Its promotion order is dev then prod: prod follows dev directly.
const config = `version: 1
projects:
  - dir: services/api
    environments: [dev, prod]
    engine: terraform
    backend-config: "{dir}/config/{env}.tfbackend"
    var-files:
      - "{dir}/config/common.tfvars"
      - "{dir}/config/{env}.tfvars"
`

// repo is a repository holding examples/local at services/api in the
// layout above, and nothing at environments/.
func repo(t *testing.T) string {
	t.Helper()
	ws := t.TempDir()
	mod := filepath.Join(ws, "services", "api")
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "examples", "local"), mod)
	if err := os.RemoveAll(filepath.Join(mod, "environments")); err != nil {
		t.Fatal(err)
	}
	write(t, ws, map[string]string{
		"olympus.yaml":                        config,
		"services/api/config/dev.tfbackend":   `path = "state/layout-dev.tfstate"` + "\n",
		"services/api/config/prod.tfbackend":  `path = "state/layout-prod.tfstate"` + "\n",
		"services/api/config/common.tfvars":   "log_level = \"warn\"\nsql_tier = \"db-f1-micro\"\n",
		"services/api/config/dev.tfvars":      "environment = \"dev\"\ndeletion_protection = false\n",
		"services/api/config/prod.tfvars":     "environment = \"prod\"\npitr_enabled = true\nretention_days = 7\n",
		"services/api/environments/README.md": "nothing here: olympus.yaml says where the files are\n",
	})
	return ws
}

func write(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for p, body := range files {
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t *testing.T, gh *fakegithub.Server, ws, stepName string, inputs map[string]string) harness.Run {
	in := map[string]string{"working-directory": "services/api"}
	for k, v := range inputs {
		in[k] = v
	}
	r := harness.Run{Step: stepName, Dir: ws, Inputs: in, GitHub: gh,
		Env: map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TF_VAR_api_key": apiKey, "OLYMPUS_TEST_TIMING": "1s"}}
	if stepName == "plan-comment" {
		runnerTemp := t.TempDir()
		r.RunnerTemp = runnerTemp
		r.Inputs["plan-file-dir"] = filepath.Join(runnerTemp, "plans")
		r.Event = harness.PullRequest(7)
	}
	return r
}

func mustExit(t *testing.T, what string, res *harness.Result, code int) {
	t.Helper()
	if res.ExitCode != code {
		t.Fatalf("%s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", what, res.ExitCode, code, res.Stdout, res.Stderr)
	}
}

func TestEveryStepReadsTheLayoutFromOlympusYAML(t *testing.T) {
	ws := repo(t)
	gh := fakegithub.New(t, harness.Token)
	state := func(env string) string {
		return filepath.Join(ws, "services", "api", "state", "layout-"+env+".tfstate")
	}

	v := harness.Exec(t, run(t, gh, ws, "validate", map[string]string{"checks": "fmt,validate"}))
	mustExit(t, "validate", v, 0)

	// Both environments of the project, without naming them: the
	// promotion order is the project's, and each plan has its files
	// (without them, the environment variable has no value).
	pc := harness.Exec(t, run(t, gh, ws, "plan-comment", map[string]string{"environments": "dev,prod"}))
	mustExit(t, "plan-comment", pc, 0)
	comments := gh.Comments(7)
	if len(comments) != 1 {
		t.Fatalf("%d comments, want 1", len(comments))
	}
	for _, env := range []string{"dev", "prod"} {
		if !strings.Contains(comments[0].Body, "### `"+env+"`: 2 to add") {
			t.Errorf("the %s section is missing:\n%s", env, comments[0].Body)
		}
	}

	// dev, then prod at once: olympus.yaml's order has no staging. The
	// push has no merged pull request behind it, so plan parity has nothing
	// to compare: warn, which prod refuses by default (a test of its own).
	for _, env := range []string{"dev", "prod"} {
		d := harness.Exec(t, run(t, gh, ws, "deploy", map[string]string{"environment": env, "unreviewed": "warn"}))
		mustExit(t, "deploy "+env, d, 0)
		b, err := os.ReadFile(state(env))
		if err != nil {
			t.Fatalf("deploy %s did not use config/%s.tfbackend: %v", env, env, err)
		}
		// LOG_LEVEL comes from common.tfvars, the name from <env>.tfvars.
		if !strings.Contains(string(b), `"LOG_LEVEL": "warn"`) || !strings.Contains(string(b), `"olympus-api-`+env+`"`) {
			t.Errorf("deploy %s did not read both variables files:\n%s", env, b)
		}
	}
	if _, err := os.Stat(filepath.Join(ws, "services", "api", "state", "dev.tfstate")); err == nil {
		t.Error("a state was written in today's layout")
	}

	// No drift right after the deploys: the same files give the same plan.
	dr := harness.Exec(t, run(t, gh, ws, "drift-reconcile", map[string]string{"environments": "dev,prod"}))
	mustExit(t, "drift-reconcile", dr, 0)
	if dr.Outputs["drift-detected"] == "true" {
		t.Errorf("drift right after deploy: %v\n%s", dr.Outputs, dr.Summary)
	}
}

// The inputs still override olympus.yaml: backend-config and var-file
// with {env}.
func TestInputsOverrideTheLayout(t *testing.T) {
	ws := repo(t)
	write(t, ws, map[string]string{
		"services/api/other/dev.tfbackend": `path = "state/other-dev.tfstate"` + "\n",
		"services/api/other/dev.tfvars":    "environment = \"staging\"\n",
	})
	gh := fakegithub.New(t, harness.Token)
	pc := harness.Exec(t, run(t, gh, ws, "plan-comment", map[string]string{"environments": "dev",
		"backend-config": "other/{env}.tfbackend", "var-file": "other/{env}.tfvars"}))
	mustExit(t, "plan-comment", pc, 0)
	if c := gh.Comments(7); len(c) != 1 || !strings.Contains(c[0].Body, `"olympus-db-staging"`) {
		t.Fatalf("the var-file input was not used: %+v", c)
	}
	dr := harness.Exec(t, run(t, gh, ws, "drift-reconcile", map[string]string{"environments": "dev",
		"backend-config": "other/{env}.tfbackend", "var-file": "other/{env}.tfvars"}))
	mustExit(t, "drift-reconcile", dr, 0)

	// Several environments need {env} in backend-config.
	bad := harness.Exec(t, run(t, gh, ws, "plan-comment", map[string]string{"environments": "dev,prod", "backend-config": "other/dev.tfbackend"}))
	mustExit(t, "plan-comment with one backend for two environments", bad, 2)
	if !strings.Contains(bad.Stdout+bad.Stderr, `input backend-config: invalid value "other/dev.tfbackend": has no {env}`) {
		t.Errorf("stdout:\n%s\nstderr:\n%s", bad.Stdout, bad.Stderr)
	}
}

// A malformed olympus.yaml stops every step with exit 2 at file:line,
// before anything runs.
func TestMalformedOlympusYAMLExits2AtFileLine(t *testing.T) {
	ws := repo(t)
	write(t, ws, map[string]string{"olympus.yaml": "version: 1\nprojects:\n  - dir: services/api\n    engin: tofu\n"})
	gh := fakegithub.New(t, harness.Token)
	for _, tc := range []struct {
		step   string
		inputs map[string]string
	}{
		{"validate", map[string]string{"checks": "fmt"}},
		{"plan-comment", map[string]string{"environments": "dev"}},
		{"deploy", map[string]string{"environment": "dev"}},
		{"drift-reconcile", map[string]string{"environments": "dev"}},
	} {
		res := harness.Exec(t, run(t, gh, ws, tc.step, tc.inputs))
		if res.ExitCode != 2 || !strings.Contains(res.Stdout+res.Stderr, "olympus.yaml:4") {
			t.Errorf("%s: exit %d, want 2 naming olympus.yaml:4\nstdout:\n%s\nstderr:\n%s", tc.step, res.ExitCode, res.Stdout, res.Stderr)
		}
	}
	if len(gh.Writes()) != 0 {
		t.Errorf("a step wrote to GitHub: %+v", gh.Writes())
	}
	if _, err := os.Stat(filepath.Join(ws, "services", "api", "state")); err == nil {
		t.Error("terraform ran")
	}
}
