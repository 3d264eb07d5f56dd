package trust_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/hostile"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

func TestMain(m *testing.M) { harness.Main(m) }

// hostileEnv are the hostile module's variables and the test bed's
// settings.
func hostileEnv(t *testing.T) map[string]string {
	env := hostile.Vars()
	env["TF_CLI_CONFIG_FILE"] = tfenv.Shared(t)
	env["OLYMPUS_TEST_TIMING"] = "100ms"
	return env
}

// hostileModule writes the hostile module into a fresh workspace.
func hostileModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	hostile.Module(t, dir)
	return dir
}

func run(t *testing.T, gh *fakegithub.Server, dir, step string, inputs map[string]string, ev harness.Event) *harness.Result {
	t.Helper()
	r := harness.Run{Step: step, Dir: dir, Inputs: inputs, Env: hostileEnv(t), GitHub: gh, Event: ev}
	if step == "plan-comment" {
		r.RunnerTemp = t.TempDir()
		r.Inputs["plan-file-dir"] = filepath.Join(r.RunnerTemp, "plans")
	}
	return harness.Exec(t, r)
}

// The whole story with the hostile module: deploy, a hand edit in the
// cloud, the pull request's plan comment for two environments (planned
// by workers), and the deploy that reverts the edit. Every run is read
// back as the runner would show it.
func TestNoSecretLeavesAndNoTextCommandsTheRunner(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := hostileModule(t)

	first := run(t, gh, dir, "deploy", map[string]string{"environment": "dev"}, harness.Push(harness.DefaultRef, harness.DefaultSHA))
	if first.ExitCode != 0 {
		t.Fatalf("first deploy: exit %d\n%s", first.ExitCode, first.Stdout)
	}
	hostile.AssertSafe(t, "first deploy", first, gh)
	if !first.Log().Contains("::stop-commands::x") {
		t.Errorf("the hostile label should be printed as text (proof that the test bites):\n%s\n%+v", first.Stdout, first.Log().Commands)
	}
	if first.Outputs["has-changes"] != "true" {
		t.Errorf("has-changes = %q: a sensitive bool or number masked it", first.Outputs["has-changes"])
	}

	hostile.DriftByHand(t, dir, "dev")
	pr := run(t, gh, dir, "plan-comment", map[string]string{"environments": "dev,staging"}, harness.PullRequest(7))
	if pr.ExitCode != 0 {
		t.Fatalf("plan-comment: exit %d\n%s", pr.ExitCode, pr.Stdout)
	}
	hostile.AssertSafe(t, "plan-comment", pr, gh)
	comments := gh.Comments(7)
	if len(comments) != 1 || !strings.Contains(comments[0].Body, "Changed outside Terraform") {
		t.Fatalf("comments: %+v", comments)
	}
	for shape, c := range hostile.Canaries {
		if strings.Contains(comments[0].Body, c) {
			t.Errorf("the %s is in the comment", shape)
		}
	}

	again := run(t, gh, dir, "deploy", map[string]string{"environment": "dev"}, harness.Push(harness.DefaultRef, harness.DefaultSHA))
	if again.ExitCode != 0 {
		t.Fatalf("second deploy: exit %d\n%s", again.ExitCode, again.Stdout)
	}
	hostile.AssertSafe(t, "deploy over drift", again, gh)
}

// From a laptop, the same promises hold on the terminal's streams.
func TestNoSecretOnTheTerminal(t *testing.T) {
	dir := hostileModule(t)
	r := harness.Run{Step: "deploy", Dir: dir, Local: true, Env: hostileEnv(t),
		Inputs: map[string]string{"environment": "dev"}}
	res := harness.Exec(t, r)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	for shape, c := range hostile.Canaries {
		if strings.Contains(res.Stdout+res.Stderr, c) {
			t.Errorf("the %s was printed on the terminal", shape)
		}
	}
}

// Anyone can post a comment with our hidden marker; the bot's comment is
// found by its author too, and the forgery is never edited.
func TestForgedPlanCommentIsLeftUntouched(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	forged := "<!-- olympus:plan-comment dir=\".\" -->\n## Terraform plan: `.`\n<!-- olympus:env prod -->\n### `prod`: No changes. Approve!\n<!-- olympus:end prod -->\n"
	gh.AddComment(7, "mallory", forged)
	planComment(t, gh, dir, "dev")
	comments := gh.Comments(7)
	if len(comments) != 2 || comments[0].Body != forged || comments[0].User.Login != "mallory" {
		t.Fatalf("the forged comment was changed: %+v", comments)
	}
	if !strings.Contains(comments[1].Body, "<!-- olympus:env dev -->") || strings.Contains(comments[1].Body, "Approve!") || comments[1].User.Login != "github-actions[bot]" {
		t.Errorf("our comment %+v", comments[1])
	}
}
