package trust_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

// A version pin that the repository links to a file outside the workspace
// is refused before anything runs: exit 2 naming the pin file, and what
// the link points at (a secret, say) appears in no channel, its first line
// quoted in an annotation least of all.
func TestPinFilesThatLeaveTheWorkspaceAreRefusedUnread(t *testing.T) {
	const canary = "canary-pin-5d1c7a-outside"
	outside := t.TempDir()
	secret := filepath.Join(outside, "credentials")
	if err := os.WriteFile(secret, []byte(canary+"\nterraform "+canary+"\nopentofu "+canary+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	steps := map[string]map[string]string{
		"validate":        {"checks": "fmt"},
		"plan-comment":    {"environments": "dev"},
		"deploy":          {"environment": "dev"},
		"drift-reconcile": {"environments": "dev"},
	}
	for _, pin := range []string{".terraform-version", ".tool-versions", ".opentofu-version"} {
		for step, inputs := range steps {
			t.Run(pin+"/"+step, func(t *testing.T) {
				gh := fakegithub.New(t, harness.Token)
				dir := example(t)
				if err := os.Symlink(secret, filepath.Join(dir, pin)); err != nil {
					t.Fatal(err)
				}
				in := map[string]string{}
				for k, v := range inputs {
					in[k] = v
				}
				if pin == ".terraform-version" {
					// Read by terraform only (tofu's is .opentofu-version),
					// whichever engine the suites run.
					in["engine"] = "terraform"
				}
				res := harness.Exec(t, harness.Run{Step: step, Dir: dir, GitHub: gh, Env: exampleEnv(t), Inputs: in, RunnerTemp: t.TempDir()})
				if res.ExitCode != 2 || !strings.Contains(res.Stdout, filepath.Join(dir, pin)) {
					t.Fatalf("exit %d, want 2 naming %s\n%s", res.ExitCode, pin, res.Stdout)
				}
				if strings.Contains(res.All(), canary) {
					t.Errorf("the linked file's contents are in the output:\n%s", res.All())
				}
				log := res.Log()
				for _, a := range log.Annotations {
					if strings.Contains(a.Message, canary) {
						t.Errorf("annotation quotes the linked file: %+v", a)
					}
				}
				if len(gh.Writes()) != 0 {
					t.Errorf("GitHub was written to: %v", gh.Writes())
				}
				if _, ok := state(t, dir, "dev"); ok {
					t.Error("the refused run wrote a state")
				}
			})
		}
	}
}
