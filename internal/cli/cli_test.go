package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/steps"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// workspace is a copy of the local example, with a terraform that leaves a
// marker if anything runs it.
func workspace(t *testing.T) (dir, fakeTF, marker string) {
	t.Helper()
	dir = t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "examples", "local"), dir)
	marker = filepath.Join(t.TempDir(), "terraform-ran")
	fakeTF = filepath.Join(t.TempDir(), "terraform")
	script := "#!/bin/sh\ntouch " + marker + "\nexit 1\n"
	if err := os.WriteFile(fakeTF, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir, fakeTF, marker
}

func run(t *testing.T, dir string, args []string, env map[string]string) (int, string) {
	t.Helper()
	wd, _ := os.Getwd()
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), steps.All(), args, &stdout, &stderr, func(k string) string { return env[k] })
	return code, stdout.String() + stderr.String()
}

func TestBadInputExits2BeforeAnythingRuns(t *testing.T) {
	tests := []struct {
		name   string
		inputs map[string]string
		want   []string // all must appear in the output
	}{
		{"missing environment", map[string]string{}, []string{"input environment is required"}},
		{"unknown environment", map[string]string{"environment": "qa"}, []string{"input environment", `"qa"`, `not in promotion-order "dev,staging,prod"`}},
		{"bad lock timeout", map[string]string{"environment": "dev", "lock-timeout": "soon"}, []string{"input lock-timeout", `"soon"`, "duration"}},
		{"negative lock timeout", map[string]string{"environment": "dev", "lock-timeout": "-5m"}, []string{"input lock-timeout", `"-5m"`}},
		{"missing working directory", map[string]string{"environment": "dev", "working-directory": "nowhere"}, []string{"input working-directory", `"nowhere"`, "no such directory"}},
		{"working directory outside the workspace", map[string]string{"environment": "dev", "working-directory": ".."}, []string{"input working-directory", `".."`, "inside the workspace"}},
		{"missing backend config", map[string]string{"environment": "dev", "backend-config": "nope.tfbackend"}, []string{"input backend-config", `"nope.tfbackend"`, "no such file"}},
		{"missing var file", map[string]string{"environment": "dev", "var-file": "missing.tfvars"}, []string{"input var-file", `"missing.tfvars"`, "no such file"}},
		{"environment without a backend file", map[string]string{"environment": "dev", "working-directory": "environments"}, []string{"input backend-config", "environments/dev/backend.tfbackend", "never share state"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, fakeTF, marker := workspace(t)
			env := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": dir, "INPUT_TERRAFORM-PATH": fakeTF}
			for k, v := range tc.inputs {
				env["INPUT_"+strings.ToUpper(k)] = v
			}
			code, out := run(t, dir, []string{"deploy"}, env)
			if code != 2 {
				t.Errorf("exit %d, want 2\n%s", code, out)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
			if !strings.Contains(out, "::error title=olympus%3A bad input::") {
				t.Errorf("the error is not an annotation:\n%s", out)
			}
			if _, err := os.Stat(marker); err == nil {
				t.Errorf("terraform ran despite bad input")
			}
		})
	}
}

// At a terminal a bad input is one line naming the flag, the value and
// what to give, said once (issue 21: "error: olympus: bad input: input
// environment: invalid value" stuttered).
func TestBadInputAtATerminalIsOneClearLine(t *testing.T) {
	dir, fakeTF, _ := workspace(t)
	for args, want := range map[string]string{
		"--environment=Prod": `error: --environment "Prod" is not accepted: an environment name is 1 to 63 lower-case letters, digits, - or _, starting with a letter or digit` + "\n",
		"--environment=":     "error: input environment is required",
	} {
		code, out := run(t, dir, []string{"deploy", "--terraform-path=" + fakeTF, args}, map[string]string{})
		if code != 2 || !strings.Contains(out, want) {
			t.Errorf("%s: exit %d, want 2 and %q:\n%s", args, code, want, out)
		}
		if strings.Contains(out, "bad input") || strings.Contains(out, "invalid value") {
			t.Errorf("%s: the error stutters:\n%s", args, out)
		}
	}
}

// A failed init or plan from a laptop shows terraform's error once on
// stderr: live (init) or released once the plan's secrets are masked
// (plan), and not again in the step's last line (issue 21).
func TestFailedTerraformAtATerminalPrintsItsErrorOnce(t *testing.T) {
	for _, failing := range []string{"init", "plan"} {
		t.Run(failing, func(t *testing.T) {
			dir, _, _ := workspace(t)
			fakeTF := filepath.Join(t.TempDir(), "terraform")
			script := "#!/bin/sh\ncase \"$1\" in\n" +
				"version) echo '{\"terraform_version\":\"1.11.4\",\"platform\":\"linux_amd64\",\"provider_selections\":{},\"terraform_outdated\":false}';;\n" +
				failing + ") echo 'Error: canary-failure' >&2; exit 1;;\nesac\n"
			if err := os.WriteFile(fakeTF, []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
			var stdout, stderr bytes.Buffer
			wd, _ := os.Getwd()
			os.Chdir(dir)
			defer os.Chdir(wd)
			code := Run(context.Background(), steps.All(), []string{"deploy", "--terraform-path=" + fakeTF, "--environment=dev"}, &stdout, &stderr, func(string) string { return "" })
			if code != 3 {
				t.Fatalf("exit %d, want 3:\n%s", code, stderr.String())
			}
			if n := strings.Count(stderr.String(), "canary-failure"); n != 1 {
				t.Errorf("terraform's error is on stderr %d times, want once:\n%s", n, stderr.String())
			}
			if want := "error: failed to " + failing + ": exit status 1 (its output above says why)\n"; !strings.HasSuffix(stderr.String(), want) {
				t.Errorf("the last line is not %q:\n%s", want, stderr.String())
			}
			if !strings.Contains(stdout.String(), "canary-failure") {
				t.Errorf("the summary lost terraform's error:\n%s", stdout.String())
			}
		})
	}
}

// Every step that needs Google Cloud credentials says how to get them the
// same way when there are none (issue 21: the hints differed, and Cloud
// Run's error gave none).
func TestEveryStepWithoutGoogleCredentialsGivesTheOneHint(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	t.Setenv("CLOUDSDK_CONFIG", t.TempDir())
	if v, ok := os.LookupEnv("GOOGLE_APPLICATION_CREDENTIALS"); ok {
		os.Unsetenv("GOOGLE_APPLICATION_CREDENTIALS")
		t.Cleanup(func() { os.Setenv("GOOGLE_APPLICATION_CREDENTIALS", v) })
	}
	fakeTF := filepath.Join(t.TempDir(), "terraform")
	script := "#!/bin/sh\ncase \"$1\" in\n" +
		"version) echo '{\"terraform_version\":\"1.11.4\",\"platform\":\"linux_amd64\",\"provider_selections\":{},\"terraform_outdated\":false}';;\n" +
		"init) echo 'Error: storage.NewClient() failed: dialing: google: could not find default credentials.' >&2; exit 1;;\nesac\n"
	if err := os.WriteFile(fakeTF, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"traffic-rollback": {"traffic-rollback", "--project=olympus-dev-7d1e", "--service=olympus-api", "--region=us-central1", "--reason=test"},
		"sql-recover":      {"sql-recover", "--mode=check", "--project=olympus-prod-9c3f"},
		"deploy":           {"deploy", "--environment=dev", "--terraform-path=" + fakeTF},
	} {
		t.Run(name, func(t *testing.T) {
			dir, _, _ := workspace(t)
			code, out := run(t, dir, args, map[string]string{})
			if code != 3 || !strings.Contains(out, "\n"+fault.CredentialsHint+"\n") {
				t.Errorf("exit %d, want 3 and the hint:\n%s", code, out)
			}
		})
	}
}

func TestBadFlagsExit2(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"unknown flag", []string{"deploy", "--environment=dev", "--colour=red"}, "flag provided but not defined: -colour"},
		{"positional argument", []string{"deploy", "--environment", "dev", "staging"}, `unexpected argument "staging"`},
		{"flag given twice", []string{"deploy", "--environment=dev", "--environment=prod"}, "--environment given twice"},
		{"unknown step", []string{"destroy-everything"}, `unknown step "destroy-everything"`},
		{"no step", nil, "usage: olympus <step>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir, fakeTF, marker := workspace(t)
			args := tc.args
			if len(args) > 0 && args[0] == "deploy" {
				args = append([]string{"deploy", "--terraform-path=" + fakeTF}, args[1:]...)
			}
			code, out := run(t, dir, args, map[string]string{})
			if code != 2 || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, want 2 with %q:\n%s", code, tc.want, out)
			}
			if _, err := os.Stat(marker); err == nil {
				t.Errorf("terraform ran despite bad usage")
			}
		})
	}
}

func TestArgumentsInsideActionsAreRefused(t *testing.T) {
	dir, _, _ := workspace(t)
	code, out := run(t, dir, []string{"deploy", "--environment=dev"}, map[string]string{"GITHUB_ACTIONS": "true", "INPUT_ENVIRONMENT": "dev"})
	if code != 2 || !strings.Contains(out, "with: block") {
		t.Errorf("exit %d, want 2 explaining inputs come from with:\n%s", code, out)
	}
}

func TestStepHelpListsEveryInput(t *testing.T) {
	code, out := run(t, t.TempDir(), []string{"deploy", "--help"}, map[string]string{})
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, in := range steps.Find("deploy").Inputs {
		if !strings.Contains(out, "--"+in.Name) || !strings.Contains(out, in.Description) {
			t.Errorf("help lacks input %s or its description:\n%s", in.Name, out)
		}
		if in.Default != "" && !strings.Contains(out, `(default "`+in.Default+`")`) {
			t.Errorf("help lacks the default of %s", in.Name)
		}
	}
}

func TestUsageListsEveryStepAndExitCodes(t *testing.T) {
	code, out := run(t, t.TempDir(), []string{"help"}, map[string]string{})
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, s := range steps.All() {
		if !strings.Contains(out, s.Name) {
			t.Errorf("usage lacks step %s", s.Name)
		}
	}
	if !strings.Contains(out, "Exit codes") {
		t.Errorf("usage does not document exit codes")
	}
	if strings.Contains(out, terraform.WorkerCommand) {
		t.Errorf("usage lists the hidden %s", terraform.WorkerCommand)
	}
}

// The terraform session's worker is a hidden command: without a request
// it runs nothing and fails as an external error.
func TestTheWorkerCommandNeedsARequest(t *testing.T) {
	empty, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer empty.Close()
	stdin := os.Stdin
	os.Stdin = empty
	defer func() { os.Stdin = stdin }()
	code, out := run(t, t.TempDir(), []string{terraform.WorkerCommand}, map[string]string{})
	if code != 3 || !strings.Contains(out, "failed to read the worker's request") {
		t.Errorf("exit %d, output %q", code, out)
	}
}

func TestVersion(t *testing.T) {
	code, out := run(t, t.TempDir(), []string{"version"}, map[string]string{})
	if code != 0 || out != "olympus "+Version+" (commit "+Commit+")\n" {
		t.Errorf("exit %d, output %q", code, out)
	}
}

func TestPlanKeyPrintsAKeyDeployAccepts(t *testing.T) {
	var a, b, errb bytes.Buffer
	if code := Run(context.Background(), steps.All(), []string{"plan-key"}, &a, &errb, func(string) string { return "" }); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	Run(context.Background(), steps.All(), []string{"plan-key"}, &b, &errb, func(string) string { return "" })
	if a.String() == b.String() {
		t.Errorf("two keys are the same")
	}
	if _, err := plan.ParseKey(a.String()); err != nil {
		t.Errorf("the printed key is not one deploy accepts: %v", err)
	}
	if code := Run(context.Background(), steps.All(), []string{"plan-key", "extra"}, &a, &errb, func(string) string { return "" }); code != 2 {
		t.Errorf("plan-key with an argument: exit %d, want 2", code)
	}
}
