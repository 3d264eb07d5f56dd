package trust_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/releases"
)

// A repository pinned to an OpenTofu release that does not verify (its
// archive not the one the signed checksums list, or the checksums signed by
// another key) is refused before anything runs: exit 3 saying why, no
// state, no GitHub write, and the downloaded tofu never ran.
func TestATofuReleaseThatDoesNotVerifyIsRefusedWithNothingRun(t *testing.T) {
	for name, spoil := range map[string]func(*releases.Server){
		"bad checksum":  func(s *releases.Server) { s.Corrupt("1.9.4") },
		"bad signature": func(s *releases.Server) { s.BadSignature("1.9.4") },
	} {
		t.Run(name, func(t *testing.T) {
			srv := releases.Start(t)
			srv.AddTofu(t, "1.9.4", runtime.GOOS+"_"+runtime.GOARCH, releases.FakeTofu("1.9.4"))
			spoil(srv)
			ran := filepath.Join(t.TempDir(), "ran.log")
			gh := fakegithub.New(t, harness.Token)
			dir := example(t)
			os.WriteFile(filepath.Join(dir, ".opentofu-version"), []byte("1.9.4\n"), 0o644)
			env := exampleEnv(t)
			env["OLYMPUS_TOFU_RELEASES"] = srv.TofuURL
			env["OLYMPUS_TOFU_RELEASES_KEY"] = srv.WriteKey(t, t.TempDir())
			env["FAKE_TERRAFORM_LOG"] = ran
			res := harness.Exec(t, harness.Run{Step: "deploy", Dir: dir, GitHub: gh, Env: env, Inputs: map[string]string{"environment": "dev"}})
			if res.ExitCode != 3 || !strings.Contains(res.Stdout, "tofu 1.9.4 was refused and nothing from it was run") {
				t.Fatalf("exit %d, want 3 refusing tofu 1.9.4\n%s", res.ExitCode, res.Stdout)
			}
			if b, _ := os.ReadFile(ran); len(b) > 0 {
				t.Errorf("the refused tofu ran: %s", b)
			}
			if _, ok := state(t, dir, "dev"); ok {
				t.Error("the refused run wrote a state")
			}
			if len(gh.Writes()) != 0 {
				t.Errorf("GitHub was written to: %v", gh.Writes())
			}
		})
	}
}
