package deploy_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// recordingEngine puts a terraform (or, in the OpenTofu suites, a tofu)
// first on PATH that writes each command's name to a log and runs the
// real one (internal/testbed/cmd/recordexec: a compiled binary, as a
// release is); it returns the environment that sets it up and the log.
func recordingEngine(t *testing.T) (map[string]string, string) {
	t.Helper()
	name, path := "terraform", os.Getenv("PATH")
	real, err := exec.LookPath("terraform")
	if tfenv.Engine() == "tofu" {
		name, real, err = "tofu", tfenv.Tofu(t), nil
		path = filepath.Dir(real) + string(os.PathListSeparator) + path
	}
	if err != nil {
		t.Fatal(err)
	}
	bin, log := t.TempDir(), filepath.Join(t.TempDir(), "commands")
	build := exec.Command("go", "build", "-o", filepath.Join(bin, name), "github.com/olympus-cloud/deploy-actions/internal/testbed/cmd/recordexec")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("failed to build recordexec: %v\n%s", err, out)
	}
	return map[string]string{
		"PATH":            bin + string(os.PathListSeparator) + path,
		"RECORDEXEC_REAL": real,
		"RECORDEXEC_LOG":  log,
	}, log
}

func commands(t *testing.T, log string) []string {
	t.Helper()
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(log)
	return strings.Fields(string(b))
}

// A deploy runs each of terraform's commands once, and `terraform version`
// only for a binary whose version it has not seen: the first deploy of
// the job asks the terraform on PATH, the next ones remember the answer
// (in the cache under the job's home) and run only what a person would
// run by hand. terraform-exec asks before init otherwise, every time.
func TestADeployRunsOnlyTheCommandsAPersonWouldRun(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	extra, log := recordingEngine(t)

	first := harness.Exec(t, deployRun(t, gh, dir, "dev", extra))
	if first.ExitCode != 0 {
		t.Fatalf("first deploy: exit %d\n%s", first.ExitCode, first.Stderr)
	}
	if got, want := commands(t, log), []string{"version", "init", "plan", "show", "apply", "output"}; !slices.Equal(got, want) {
		t.Errorf("first deploy ran %v, want %v", got, want)
	}
	store := filepath.Join(dir, ".localcloud", "dev")
	os.RemoveAll(store) // the objects are gone: the next deploy creates them again
	again := harness.Exec(t, deployRun(t, gh, dir, "dev", extra))
	if again.ExitCode != 0 || again.Outputs["outcome"] != "applied" {
		t.Fatalf("second deploy: exit %d outputs %v\n%s", again.ExitCode, again.Outputs, again.Stderr)
	}
	if got, want := commands(t, log), []string{"init", "plan", "show", "apply", "output"}; !slices.Equal(got, want) {
		t.Errorf("second deploy ran %v, want %v", got, want)
	}
}
