package trust_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// spy writes an executable that records the environment it was started
// with in dumps (one file per process, named after the tool; the shell's
// own, as the kernel gave it: sh drops names with a hyphen from what it
// passes on) and then runs real with its arguments: what terraform, its
// providers (which inherit terraform's environment), tflint and its
// plugins are given.
func spy(t *testing.T, dumps, name, real string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	script := fmt.Sprintf("#!/bin/sh\ncat /proc/$$/environ > %q/%s.$$\nexec %q \"$@\"\n", dumps, name, real)
	if err := os.WriteFile(p, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func realEngine(t *testing.T) string {
	t.Helper()
	if tfenv.Engine() == "tofu" {
		return tfenv.Tofu(t)
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not on PATH")
	}
	return p
}

// The secret inputs (the GitHub token, the plan key: every input a spec
// marks Secret) are the step's, never its children's: terraform, the
// providers it starts, the plan workers' terraform and tflint get an
// environment without them, in both the forms a runner may set
// (INPUT_GITHUB-TOKEN and INPUT_GITHUB_TOKEN). The root action sets every
// input for every step (github-token has a default), so validate, which
// declares neither, is given both too.
func TestSecretInputsNeverReachTheProcessesAStepStarts(t *testing.T) {
	token := "ghs_canaryInputToken0123456789abcdef"
	key, _, err := plan.NewKey()
	if err != nil {
		t.Fatal(err)
	}
	dumps := t.TempDir()
	tf := spy(t, dumps, "terraform", realEngine(t))
	tflint := spy(t, dumps, "tflint", tfenv.TFLint(t))
	gh := fakegithub.New(t, token)
	dir := example(t)

	secret := map[string]string{"github-token": token, "plan-encryption-key": key}
	env := exampleEnv(t)
	env["INPUT_GITHUB_TOKEN"] = token
	env["INPUT_PLAN_ENCRYPTION_KEY"] = key
	env["TFLINT_PLUGIN_DIR"] = tfenv.PluginDir(t)
	with := func(in map[string]string) map[string]string {
		in["terraform-path"] = tf
		for k, v := range secret {
			in[k] = v
		}
		return in
	}
	runs := []harness.Run{
		{Step: "plan-comment", Event: harness.PullRequest(7),
			Inputs: with(map[string]string{"environments": "dev,staging", "plan-file-dir": filepath.Join(dir, ".plans")})},
		{Step: "deploy", Inputs: with(map[string]string{"environment": "dev", "mode": "plan", "plan-file-dir": ".plans-deploy"})},
		{Step: "validate", Inputs: with(map[string]string{"checks": "validate,tflint", "tflint-path": tflint})},
	}
	for _, r := range runs {
		r.Dir, r.GitHub, r.Env = dir, gh, env
		res := harness.Exec(t, r)
		if res.ExitCode != 0 && !(r.Step == "validate" && res.ExitCode == 1) {
			t.Fatalf("%s: exit %d\n%s\n%s", r.Step, res.ExitCode, res.Stdout, res.Stderr)
		}
		for name, v := range secret {
			if res.Log().Contains(v) {
				t.Errorf("%s: the %s input is in the job log", r.Step, name)
			}
		}
	}

	entries, err := os.ReadDir(dumps)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dumps, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		tool, _, _ := strings.Cut(e.Name(), ".")
		seen[tool]++
		if !strings.Contains(string(b), "TF_CLI_CONFIG_FILE=") {
			t.Errorf("%s: the dump holds no environment (the spy does not bite):\n%q", e.Name(), b)
		}
		for _, kv := range strings.Split(string(b), "\x00") {
			k, v, _ := strings.Cut(kv, "=")
			for name, s := range secret {
				if strings.Contains(v, s) {
					t.Errorf("%s saw the %s input in %s", tool, name, k)
				}
			}
			switch strings.ReplaceAll(k, "-", "_") {
			case "INPUT_GITHUB_TOKEN", "INPUT_PLAN_ENCRYPTION_KEY":
				t.Errorf("%s saw %s", tool, k)
			}
		}
	}
	// plan-comment's two environments (workers), deploy and validate each
	// start terraform more than once; validate starts tflint.
	if seen["terraform"] < 4 || seen["tflint"] < 1 {
		t.Errorf("processes seen: %v; the spies were not run", seen)
	}
}
