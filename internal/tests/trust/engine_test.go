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
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
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

// The suites run the engine they are told to (OLYMPUS_TEST_ENGINE): a
// deploy says which binary it chose, and the state records its version.
func TestTheSuitesRunTheirEngine(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	res := deploy(t, gh, dir, "dev", nil)
	if res.ExitCode != 0 {
		t.Fatalf("deploy: exit %d\n%s", res.ExitCode, res.Stdout)
	}
	want := tfenv.Engine() + " chosen"
	if !strings.Contains(res.Stdout, want) {
		t.Errorf("the log does not say %q:\n%s", want, res.Stdout)
	}
	if tfenv.Engine() == "tofu" && !strings.Contains(res.Stdout, tfenv.Tofu(t)) {
		t.Errorf("the deploy did not run %s:\n%s", tfenv.Tofu(t), res.Stdout)
	}
}
