package imagetest

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/dockerrun"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/hostile"
)

// The trust story in the image, as the runner starts it: the hostile
// module (text that tries to command the runner, a secret of every shape,
// each printed in clear by terraform) is deployed, changed by hand in its
// cloud, planned for a pull request, reported by drift-reconcile and
// deployed again over the drift. Each run's output is read back through
// the runner's emulation and every channel searched for the canaries.
func TestHostileModuleInTheImage(t *testing.T) {
	requireImage(t)
	gh := fakegithub.New(t, harness.Token)
	r := dockerrun.NewRunner(t, image)
	hostile.Module(t, filepath.Join(r.Workspace, "infra"))
	r.Chown(t, r.Workspace)
	env, mount := provider(t)
	for k, v := range hostile.Vars() {
		env[k] = v
	}
	env["OLYMPUS_TEST_TIMING"] = "100ms"
	push := harness.Push(harness.DefaultRef, harness.DefaultSHA)
	run := func(name string, ev harness.Event, inputs map[string]string) *dockerrun.Result {
		t.Helper()
		inputs["working-directory"] = "infra"
		inputs["github-token"] = harness.Token
		return r.Run(t, dockerrun.Step{Name: name, Event: ev, GitHub: gh, Env: env, Mounts: []string{mount}, Inputs: inputs}, 10*time.Minute)
	}

	first := run("deploy", push, map[string]string{"environment": "dev"})
	if first.ExitCode != 0 {
		failed(t, "first deploy", first)
	}
	hostile.AssertSafe(t, "first deploy", &first.Result, gh)
	if !first.Log().Contains("::stop-commands::x") {
		t.Errorf("the hostile label should be printed as text (proof that the test bites):\n%s", first.Stdout)
	}

	hostile.DriftByHand(t, filepath.Join(r.Workspace, "infra"), "dev")
	pr := run("plan-comment", harness.PullRequest(7), map[string]string{"environments": "dev"})
	if pr.ExitCode != 0 {
		failed(t, "plan-comment", pr)
	}
	hostile.AssertSafe(t, "plan-comment", &pr.Result, gh)
	if c := gh.Comments(7); len(c) != 1 || !strings.Contains(c[0].Body, "Changed outside Terraform") {
		t.Errorf("comments %+v", c)
	}

	drift := run("drift-reconcile", harness.WorkflowDispatch(harness.DefaultRef, nil), map[string]string{"environments": "dev"})
	if drift.ExitCode != 0 || drift.Outputs["drifted"] != "true" {
		failed(t, "drift-reconcile", drift)
	}
	hostile.AssertSafe(t, "drift-reconcile", &drift.Result, gh)
	if !drift.Log().Contains("::stop-commands::drift") && !strings.Contains(drift.Summary, "stop-commands::drift") {
		t.Errorf("the hostile value changed by hand should be reported as text:\n%s\n%s", drift.Stdout, drift.Summary)
	}
	if issues := gh.Issues(); len(issues) != 1 {
		t.Errorf("drift issues %+v", issues)
	}

	again := run("deploy", push, map[string]string{"environment": "dev", "allow-drift": "true"})
	if again.ExitCode != 0 {
		failed(t, "deploy over drift", again)
	}
	hostile.AssertSafe(t, "deploy over drift", &again.Result, gh)
	assertClean(t, r)
}
