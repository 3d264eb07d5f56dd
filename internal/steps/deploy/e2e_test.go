package deploy_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

func TestMain(m *testing.M) { harness.Main(m) }

// example copies examples/local into a fresh workspace.
func example(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "examples", "local"), dir)
	return dir
}

// canary is a secret planted as the example's sensitive api_key: it flows
// into a sensitive variable, a Cloud Run-like env value and a sensitive
// output, and must never be printed.
const canary = "canary-7f3e9b2a-do-not-print"

func deployRun(t *testing.T, gh *fakegithub.Server, dir, environment string, extra map[string]string) harness.Run {
	env := map[string]string{
		"TF_CLI_CONFIG_FILE": tfenv.Shared(t),
		"TF_VAR_api_key":     canary,
	}
	for k, v := range extra {
		env[k] = v
	}
	in := map[string]string{"environment": environment}
	if environment != "dev" {
		// A push deploys beyond the first environment here with no pull
		// request to compare with (plan parity refuses that by default).
		in["unreviewed"] = "warn"
	}
	return harness.Run{
		Step:   "deploy",
		Dir:    dir,
		Inputs: in,
		Env:    env,
		GitHub: gh,
	}
}

// assertNoCanary fails if the canary appears anywhere but in the
// ::add-mask:: command that tells the runner to hide it.
func assertNoCanary(t *testing.T, res *harness.Result) {
	t.Helper()
	var masked bool
	for _, line := range strings.Split(res.All(), "\n") {
		if strings.HasPrefix(line, "::add-mask::") {
			masked = masked || strings.Contains(line, canary)
			continue
		}
		if strings.Contains(line, canary) {
			t.Errorf("the canary secret was printed: %q", line)
		}
	}
	if !masked {
		t.Errorf("the canary secret was never masked with ::add-mask::")
	}
}

func TestDeployLocalExampleToDev(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	res := harness.Exec(t, deployRun(t, gh, dir, "dev", nil))
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", res.ExitCode, res.Stderr)
	}
	want := map[string]string{"outcome": "applied", "has-changes": "true", "add": "2", "change": "0", "destroy": "0", "replace": "0"}
	for k, v := range want {
		if res.Outputs[k] != v {
			t.Errorf("output %s = %q, want %q", k, res.Outputs[k], v)
		}
	}
	for _, s := range []string{"## Deploy to `dev`", "**Plan:** 2 to add, 0 to change, 0 to destroy, 5 output(s) to change.", "| create | `localcloud_service.api` |", "**Result:** applied to `dev`"} {
		if !strings.Contains(res.Summary, s) {
			t.Errorf("summary lacks %q:\n%s", s, res.Summary)
		}
	}
	store := localstore.Store{Root: filepath.Join(dir, ".localcloud", "dev")}
	svc, err := store.GetService("olympus-api-dev")
	if err != nil {
		t.Fatalf("service not on disk: %v", err)
	}
	if svc.Env["API_KEY"] != canary || len(svc.Revisions) != 1 {
		t.Errorf("stored service = %+v, want the planted env and one revision", svc)
	}
	if _, err := store.GetSQLInstance("olympus-db-dev"); err != nil {
		t.Errorf("SQL instance not on disk: %v", err)
	}
	assertNoCanary(t, res)

	again := harness.Exec(t, deployRun(t, gh, dir, "dev", nil))
	if again.ExitCode != 0 || again.Outputs["outcome"] != "no-changes" || again.Outputs["has-changes"] != "false" {
		t.Fatalf("second deploy: exit %d outputs %v\n%s", again.ExitCode, again.Outputs, again.Stderr)
	}
	if !strings.Contains(again.Summary, "no changes") {
		t.Errorf("second summary does not say no changes:\n%s", again.Summary)
	}
	assertNoCanary(t, again)

	// An edit behind terraform's back is real drift, and deploy puts it back.
	inst, _ := store.GetSQLInstance("olympus-db-dev")
	inst.Tier = "db-hand-edited"
	if err := store.PutSQLInstance(inst); err != nil {
		t.Fatal(err)
	}
	fixed := harness.Exec(t, deployRun(t, gh, dir, "dev", nil))
	if fixed.ExitCode != 0 || fixed.Outputs["change"] != "1" {
		t.Fatalf("deploy after a hand edit: exit %d outputs %v", fixed.ExitCode, fixed.Outputs)
	}
	if inst, _ := store.GetSQLInstance("olympus-db-dev"); inst.Tier != "db-f1-micro" {
		t.Errorf("tier = %q after deploy, want the configured one", inst.Tier)
	}

	// staging gets its own state file and its own objects.
	st := harness.Exec(t, deployRun(t, gh, dir, "staging", nil))
	if st.ExitCode != 0 || st.Outputs["add"] != "2" {
		t.Fatalf("staging deploy: exit %d outputs %v\n%s", st.ExitCode, st.Outputs, st.Stderr)
	}
	devState := readState(t, filepath.Join(dir, "state", "dev.tfstate"))
	stagingState := readState(t, filepath.Join(dir, "state", "staging.tfstate"))
	if devState.Lineage == stagingState.Lineage {
		t.Errorf("dev and staging share a state lineage %q", devState.Lineage)
	}
	if _, err := (localstore.Store{Root: filepath.Join(dir, ".localcloud", "staging")}).GetService("olympus-api-staging"); err != nil {
		t.Errorf("staging service not on disk: %v", err)
	}
}

type tfState struct {
	Serial  int    `json:"serial"`
	Lineage string `json:"lineage"`
}

func readState(t *testing.T, p string) tfState {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("state file: %v", err)
	}
	var s tfState
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDeployFromATerminalPrintsTheSummaryOnStdout(t *testing.T) {
	dir := example(t)
	r := deployRun(t, nil, dir, "dev", nil)
	r.Local = true
	res := harness.Exec(t, r)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	if !strings.HasPrefix(res.Stdout, "## Deploy to `dev`") || !strings.Contains(res.Stdout, "**Result:** applied") {
		t.Errorf("stdout is not the summary:\n%s", res.Stdout)
	}
	if !strings.Contains(res.Stdout+res.Stderr, "output outcome=applied") {
		t.Errorf("stderr lacks the outputs:\n%s", res.Stderr)
	}
	if strings.Contains(res.Stdout, "Creating...") {
		t.Errorf("terraform's log went to stdout, which must hold only the summary")
	}
	if strings.Contains(res.All(), canary) {
		t.Errorf("the canary secret was printed outside Actions")
	}
}

// A cancelled job: SIGINT reaches terraform as an interrupt, terraform
// finishes the calls in flight, writes its state and releases the lock.
func TestDeployInterruptedMidApplyReleasesTheLock(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	p := harness.Start(t, deployRun(t, gh, dir, "dev", map[string]string{"LOCALCLOUD_APPLY_DELAY": "3s"}))
	if !p.WaitForOutput("Creating...", 2*time.Minute) {
		t.Fatal("apply never started")
	}
	if err := p.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	res := p.Wait(t, time.Minute)
	if res.ExitCode == 0 {
		t.Fatalf("an interrupted deploy exited 0\n%s", res.Stderr)
	}
	t.Logf("stderr:\n%s", res.Stderr)
	if !strings.Contains(res.Stdout+res.Stderr, "Gracefully shutting down") {
		t.Errorf("terraform did not log a graceful shutdown:\n%s", res.Stderr)
	}
	if res.Outputs["outcome"] != "failed" {
		t.Errorf("outcome = %q, want failed", res.Outputs["outcome"])
	}
	locks, _ := filepath.Glob(filepath.Join(dir, "state", "*.lock.info"))
	if len(locks) > 0 {
		t.Errorf("state left locked: %v", locks)
	}
	// The state is consistent: a new deploy finishes the job without
	// waiting for a lock.
	r := deployRun(t, gh, dir, "dev", nil)
	r.Inputs["lock-timeout"] = "1s"
	next := harness.Exec(t, r)
	if next.ExitCode != 0 {
		t.Fatalf("deploy after the interrupt: exit %d\n%s", next.ExitCode, next.Stderr)
	}
}
