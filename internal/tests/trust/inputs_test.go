package trust_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// Bad input exits 2 naming the input, the value and the fix, and does
// nothing: no terraform state, no GitHub write, no output, no file.
func TestBadInputChangesNothing(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret.tfvars"), []byte("log_level = \"debug\"\n"), 0o644)
	os.WriteFile(filepath.Join(outside, "victim.txt"), []byte("keep me"), 0o644)
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "examples", "local"), filepath.Join(outside, "module"))

	for name, tc := range map[string]struct {
		step   string
		inputs map[string]string
		// setup prepares the workspace (a committed symlink, say).
		setup func(dir string)
		want  string
	}{
		"plan-sha256 not hex": {"deploy", map[string]string{"environment": "dev", "plan-file": "p.tfplan", "plan-sha256": strings.Repeat("z", 64)},
			func(dir string) { os.WriteFile(filepath.Join(dir, "p.tfplan"), []byte("x"), 0o644) }, `input plan-sha256: invalid value`},
		"plan-sha256 without plan-file":   {"deploy", map[string]string{"environment": "dev", "plan-sha256": strings.Repeat("a", 64)}, nil, `input plan-sha256`},
		"plan-file outside the workspace": {"deploy", map[string]string{"environment": "dev", "plan-file": "/etc/hostname", "plan-sha256": strings.Repeat("a", 64)}, nil, `input plan-file: invalid value "/etc/hostname"`},
		"var-file outside the workspace":  {"deploy", map[string]string{"environment": "dev", "var-file": filepath.Join(outside, "secret.tfvars")}, nil, `input var-file`},
		"var-file through a symlink": {"deploy", map[string]string{"environment": "dev", "var-file": "link.tfvars"},
			func(dir string) {
				os.Symlink(filepath.Join(outside, "secret.tfvars"), filepath.Join(dir, "link.tfvars"))
			}, `outside`},
		"backend-config outside the workspace": {"deploy", map[string]string{"environment": "dev", "backend-config": filepath.Join(outside, "module", "environments", "dev", "backend.tfbackend")}, nil, `input backend-config`},
		"working-directory through a symlink": {"deploy", map[string]string{"environment": "dev", "working-directory": "mod"},
			func(dir string) { os.Symlink(filepath.Join(outside, "module"), filepath.Join(dir, "mod")) }, `input working-directory: invalid value "mod": resolves to`},
		"environment not in the order":       {"deploy", map[string]string{"environment": "qa"}, nil, `input environment: invalid value "qa": not in promotion-order`},
		"promotion-order with a duplicate":   {"deploy", map[string]string{"environment": "dev", "promotion-order": "dev,staging,dev"}, nil, `input promotion-order: invalid value "dev,staging,dev": "dev" is listed twice`},
		"promotion-order with an empty name": {"deploy", map[string]string{"environment": "dev", "promotion-order": "dev,,prod"}, nil, `input promotion-order`},
		"plan-comment plan-file-dir through a symlink": {"plan-comment", map[string]string{"environments": "dev", "plan-file-dir": "plans"},
			func(dir string) { os.Symlink(outside, filepath.Join(dir, "plans")) }, `input plan-file-dir: invalid value "plans": resolves to`},
		"validate sarif-file is a committed symlink": {"validate", map[string]string{"sarif-file": "results.sarif", "checks": "fmt"},
			func(dir string) {
				os.Symlink(filepath.Join(outside, "victim.txt"), filepath.Join(dir, "results.sarif"))
			}, `input sarif-file: invalid value "results.sarif"`},
		"validate sarif-file in a missing directory":   {"validate", map[string]string{"sarif-file": "out/results.sarif", "checks": "fmt"}, nil, `input sarif-file`},
		"validate tflint-path that is not a binary":    {"validate", map[string]string{"tflint-path": "main.tf", "checks": "fmt"}, nil, `input tflint-path`},
		"validate tflint-config outside the workspace": {"validate", map[string]string{"tflint-config": "/etc/hostname", "checks": "tflint"}, nil, `input tflint-config`},
	} {
		t.Run(name, func(t *testing.T) {
			gh := fakegithub.New(t, harness.Token)
			dir := example(t)
			if err := os.WriteFile(filepath.Join(dir, "unformatted.tf"), []byte("locals {\n  x     =   1\n}\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if tc.setup != nil {
				tc.setup(dir)
			}
			res := harness.Exec(t, harness.Run{Step: tc.step, Dir: dir, GitHub: gh, Env: exampleEnv(t), Inputs: tc.inputs})
			if res.ExitCode != 2 || !strings.Contains(res.Stdout, tc.want) {
				t.Fatalf("exit %d, want 2 with %q\n%s", res.ExitCode, tc.want, res.Stdout)
			}
			if len(gh.Writes()) != 0 || len(res.Outputs) != 0 {
				t.Errorf("something was written: %v %v", gh.Writes(), res.Outputs)
			}
			// Nothing ran before the input was refused: a badly formatted
			// file (below) would have given validate's fmt check a finding.
			for _, a := range res.Log().Annotations {
				if !strings.Contains(a.Message, "input ") {
					t.Errorf("a check ran before the bad input was refused: %+v", a)
				}
			}
			for _, left := range []string{"state", ".terraform", "olympus-validate.sarif"} {
				if _, err := os.Stat(filepath.Join(dir, left)); err == nil {
					t.Errorf("%s was left in the workspace", left)
				}
			}
			if b, _ := os.ReadFile(filepath.Join(outside, "victim.txt")); string(b) != "keep me" {
				t.Errorf("a file outside the workspace was overwritten: %q", b)
			}
		})
	}
}

// From a laptop without a token, only the first environment deploys
// unrecorded, and never production: a one-environment promotion order
// must not turn prod into an unrecorded "first" environment.
func TestPromotionOrderCannotMakeProductionUnrecorded(t *testing.T) {
	dir := example(t)
	res := harness.Exec(t, harness.Run{Step: "deploy", Dir: dir, Local: true, Env: exampleEnv(t),
		Inputs: map[string]string{"environment": "prod", "promotion-order": "prod"}})
	if res.ExitCode != 2 || !strings.Contains(res.Stderr, "break-glass") {
		t.Fatalf("exit %d, want 2 asking for a token or --break-glass\n%s", res.ExitCode, res.Stderr)
	}
	if _, ok := state(t, dir, "prod"); ok {
		t.Error("prod was deployed")
	}
}

// An environment's var file that is there but leaves the workspace is bad
// input, never skipped: skipping it would apply the defaults.
func TestEnvironmentVarFileOutsideTheWorkspaceIsRefused(t *testing.T) {
	outside := t.TempDir()
	os.WriteFile(filepath.Join(outside, "prod.tfvars"), []byte("log_level = \"error\"\n"), 0o644)
	for _, step := range []string{"deploy", "plan-comment", "drift-reconcile"} {
		t.Run(step, func(t *testing.T) {
			gh := fakegithub.New(t, harness.Token)
			dir := example(t)
			tfvars := filepath.Join(dir, "environments", "dev", "terraform.tfvars")
			os.Remove(tfvars)
			os.Symlink(filepath.Join(outside, "prod.tfvars"), tfvars)
			in := map[string]string{"environment": "dev"}
			if step != "deploy" {
				in = map[string]string{"environments": "dev"}
			}
			res := harness.Exec(t, harness.Run{Step: step, Dir: dir, GitHub: gh, Env: exampleEnv(t), Inputs: in})
			if res.ExitCode != 2 || !strings.Contains(res.Stdout, "outside") {
				t.Fatalf("exit %d, want 2\n%s", res.ExitCode, res.Stdout)
			}
			if _, ok := state(t, dir, "dev"); ok {
				t.Error("the refused run wrote a state")
			}
		})
	}
}
