package trust_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

func TestMain(m *testing.M) { harness.Main(m) }

// The canary matrix: one secret of each shape a plan can hold. None may
// appear in any channel a step writes to.
var canaries = map[string]string{
	"sensitive variable":                  "canary-sensitive-7f3a91",
	"secret-named key inside an object":   "canary-nested-52b8e0",
	"nonsensitive() under a secret name":  "canary-nonsens-c41d77",
	"numeric secret":                      "86420975",
	"numeric secret as Go prints it":      "8.6420975e+07",
	"secret with <>&\"":                   `canary<&>"html-9e2f`,
	"secret with <>&\" JSON-escaped":      `canary\u003c\u0026\u003e\"html-9e2f`,
	"multi-line secret, line 1":           "canary-multi-line-one",
	"multi-line secret, line 2":           "canary-multi-line-two",
	"secret changed by hand in the cloud": "canary-drifted-aa11",
	"secret-named value changed by hand":  "canary-drifted-named-bb22",
}

// hostileEnv are the variables of the hostile module: the secrets, passed
// as TF_VAR_* the way a workflow passes secrets.
func hostileEnv(t *testing.T) map[string]string {
	return map[string]string{
		"TF_CLI_CONFIG_FILE":     tfenv.Shared(t),
		"TF_VAR_api_key":         canaries["sensitive variable"],
		"TF_VAR_db_password":     canaries["secret-named key inside an object"],
		"TF_VAR_admin_password":  canaries["nonsensitive() under a secret name"],
		"TF_VAR_pin":             "86420975",
		"TF_VAR_html_secret":     canaries["secret with <>&\""],
		"TF_VAR_multi_line":      canaries["multi-line secret, line 1"] + "\n" + canaries["multi-line secret, line 2"],
		"OLYMPUS_COMMENT_SETTLE": "100ms",
	}
}

// hostile copies the hostile module into a fresh workspace.
func hostile(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("testdata", "hostile"), dir)
	return dir
}

// hostileText are the lines the module's label and its drifted value
// carry; each tries to stop the runner's commands.
var hostileText = []string{"::stop-commands::x", "::stop-commands::y", "##[stop-commands]z", "::stop-commands::drift", "::stop-commands::w"}

// assertSafe checks every channel of a run: the job log as the runner
// shows it, the raw output except the ::add-mask:: commands themselves,
// the summary, the outputs, and every request sent to GitHub; and that
// hostile text issued no command.
func assertSafe(t *testing.T, what string, res *harness.Result, gh *fakegithub.Server) {
	t.Helper()
	log := res.Log()
	if log.StopToken != "" {
		t.Errorf("%s: the runner is left with its commands stopped (token %q): hostile text took over", what, log.StopToken)
	}
	for _, c := range log.Commands {
		for _, h := range []string{"x", "y", "z", "drift", "w"} {
			if c.Name == "stop-commands" && c.Data == h || strings.EqualFold(c.Name, h) {
				t.Errorf("%s: hostile text issued a command: %+v", what, c)
			}
		}
	}
	for _, a := range log.Annotations {
		if !strings.HasPrefix(a.Properties["title"], "olympus") {
			t.Errorf("%s: an annotation we did not make: %+v", what, a)
		}
	}
	raw := strings.Split(res.Stdout+"\n"+res.Stderr, "\n")
	for shape, c := range canaries {
		if log.Contains(c) {
			t.Errorf("%s: the %s is in the job log", what, shape)
		}
		for _, line := range raw {
			if strings.Contains(line, c) && !strings.HasPrefix(line, "::add-mask::") {
				t.Errorf("%s: the %s was printed: %q", what, shape, line)
			}
		}
		for name, text := range map[string]string{"summary": res.Summary, "outputs": res.OutputFile} {
			if strings.Contains(text, c) {
				t.Errorf("%s: the %s is in the %s", what, shape, name)
			}
		}
		if gh != nil {
			for _, r := range gh.Requests() {
				if strings.Contains(r.Body, c) || strings.Contains(r.Query, c) {
					t.Errorf("%s: the %s was sent to GitHub: %s %s %s", what, shape, r.Method, r.Path, r.Body)
				}
			}
		}
	}
}

// driftByHand edits the service behind Terraform's back, the way a
// break-glass change in the console does: a hostile label and a new value
// of the secret env.
func driftByHand(t *testing.T, dir, env string) {
	t.Helper()
	p := filepath.Join(dir, ".localcloud", env, "services", "hostile-"+env+".json")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		t.Fatal(err)
	}
	envs, _ := obj["env"].(map[string]any)
	if envs == nil {
		t.Fatalf("no env in %s", b)
	}
	envs["LABEL"] = "hand\r::stop-commands::drift\n::stop-commands::w"
	envs["API_KEY"] = canaries["secret changed by hand in the cloud"]
	envs["DB_PASSWORD"] = canaries["secret-named value changed by hand"]
	out, _ := json.MarshalIndent(obj, "", "  ")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
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
	dir := hostile(t)

	first := run(t, gh, dir, "deploy", map[string]string{"environment": "dev"}, harness.Push(harness.DefaultRef, harness.DefaultSHA))
	if first.ExitCode != 0 {
		t.Fatalf("first deploy: exit %d\n%s", first.ExitCode, first.Stdout)
	}
	assertSafe(t, "first deploy", first, gh)
	if !first.Log().Contains("::stop-commands::x") {
		t.Errorf("the hostile label should be printed as text (proof that the test bites):\n%s\n%+v", first.Stdout, first.Log().Commands)
	}
	if first.Outputs["has-changes"] != "true" {
		t.Errorf("has-changes = %q: a sensitive bool or number masked it", first.Outputs["has-changes"])
	}

	driftByHand(t, dir, "dev")
	pr := run(t, gh, dir, "plan-comment", map[string]string{"environments": "dev,staging"}, harness.PullRequest(7))
	if pr.ExitCode != 0 {
		t.Fatalf("plan-comment: exit %d\n%s", pr.ExitCode, pr.Stdout)
	}
	assertSafe(t, "plan-comment", pr, gh)
	comments := gh.Comments(7)
	if len(comments) != 1 || !strings.Contains(comments[0].Body, "Changed outside Terraform") {
		t.Fatalf("comments: %+v", comments)
	}
	for shape, c := range canaries {
		if strings.Contains(comments[0].Body, c) {
			t.Errorf("the %s is in the comment", shape)
		}
	}

	again := run(t, gh, dir, "deploy", map[string]string{"environment": "dev"}, harness.Push(harness.DefaultRef, harness.DefaultSHA))
	if again.ExitCode != 0 {
		t.Fatalf("second deploy: exit %d\n%s", again.ExitCode, again.Stdout)
	}
	assertSafe(t, "deploy over drift", again, gh)
}

// From a laptop, the same promises hold on the terminal's streams.
func TestNoSecretOnTheTerminal(t *testing.T) {
	dir := hostile(t)
	r := harness.Run{Step: "deploy", Dir: dir, Local: true, Env: hostileEnv(t),
		Inputs: map[string]string{"environment": "dev"}}
	res := harness.Exec(t, r)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	for shape, c := range canaries {
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
