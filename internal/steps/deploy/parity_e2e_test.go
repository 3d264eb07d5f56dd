package deploy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// worker is a third resource a pull request adds to examples/local.
const worker = `
resource "localcloud_service" "worker" {
  name  = "olympus-worker-${var.environment}"
  image = var.image
  env   = { ENVIRONMENT = var.environment }
}
`

// reviewPlan runs plan-comment on pull request pr as its workflow does,
// in dir, with env added (TF_VAR_*): the comment records what dev's
// reviewers are shown.
func reviewPlan(t *testing.T, gh *fakegithub.Server, dir string, pr int, env map[string]string) {
	t.Helper()
	runnerTemp := t.TempDir()
	e := map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TF_VAR_api_key": canary, "OLYMPUS_TEST_TIMING": "100ms"}
	for k, v := range env {
		e[k] = v
	}
	res := harness.Exec(t, harness.Run{Step: "plan-comment", Dir: dir, GitHub: gh, Event: harness.PullRequest(pr), RunnerTemp: runnerTemp, Env: e,
		Inputs: map[string]string{"environments": "dev", "plan-file-dir": filepath.Join(runnerTemp, "plans")}})
	if res.ExitCode != 0 {
		t.Fatalf("plan-comment of #%d: exit %d\n%s", pr, res.ExitCode, res.Stderr)
	}
	comments := gh.Comments(pr)
	if len(comments) != 1 || !strings.Contains(comments[0].Body, "<!-- olympus:reviewed env=dev v1 ") {
		t.Fatalf("the comment of #%d holds no record: %+v", pr, comments)
	}
	for _, c := range comments {
		if strings.Contains(c.Body, canary) {
			t.Errorf("the canary is in the comment of #%d", pr)
		}
	}
}

// mergeDeploy deploys dev for the push that merged a pull request as sha.
func mergeDeploy(t *testing.T, gh *fakegithub.Server, dir, sha string, env map[string]string) *harness.Result {
	t.Helper()
	r := deployRun(t, gh, dir, "dev", env)
	r.SHA = sha
	res := harness.Exec(t, r)
	assertNoCanary(t, res)
	return res
}

func statusesOf(gh *fakegithub.Server, sha string) []fakegithub.DeploymentStatus {
	var out []fakegithub.DeploymentStatus
	for _, d := range gh.Deployments() {
		if d.SHA == sha {
			out = append(out, gh.Statuses(d.ID)...)
		}
	}
	return out
}

// End to end with real terraform: a pull request's plan, its merge, and
// dev applies exactly what was reviewed; a stale branch merged with a
// destroy its reviewers never saw is refused with nothing applied; a
// value that changed between the review and the merge is applied and
// listed.
func TestPlanParityOnMerge(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	if err := os.WriteFile(filepath.Join(dir, "worker.tf"), []byte(worker), 0o644); err != nil {
		t.Fatal(err)
	}
	store := localstore.Store{Root: filepath.Join(dir, ".localcloud", "dev")}

	// #7 adds the example and a worker; merged as sha7.
	const sha7 = "7777777777777777777777777777777777777777"
	reviewPlan(t, gh, dir, 7, nil)
	gh.AddMergedPull(7, "head7", sha7)
	res := mergeDeploy(t, gh, dir, sha7, nil)
	if res.ExitCode != 0 || res.Outputs["outcome"] != "applied" {
		t.Fatalf("the merge of #7: exit %d outputs %v\n%s", res.ExitCode, res.Outputs, res.Stderr)
	}
	if !strings.Contains(res.Summary, "**Plan parity:** applies exactly what was reviewed in [#7](") {
		t.Errorf("the summary does not say the plan is the reviewed one:\n%s", res.Summary)
	}
	var recorded bool
	for _, st := range statusesOf(gh, sha7) {
		recorded = recorded || (st.State == "success" && st.Description == "applied: exactly what was reviewed in #7")
	}
	if !recorded {
		t.Errorf("the deployment does not record the parity: %+v", statusesOf(gh, sha7))
	}

	// #8 was reviewed as a new image, but its branch was stale: the
	// merge also drops the worker, a destroy nobody reviewed.
	const sha8 = "8888888888888888888888888888888888888888"
	reviewPlan(t, gh, dir, 8, map[string]string{"TF_VAR_image": "api:v2"})
	gh.AddMergedPull(8, "head8", sha8)
	if err := os.Remove(filepath.Join(dir, "worker.tf")); err != nil {
		t.Fatal(err)
	}
	before := readState(t, filepath.Join(dir, "state", "dev.tfstate"))
	res = mergeDeploy(t, gh, dir, sha8, map[string]string{"TF_VAR_image": "api:v2"})
	if res.ExitCode != 1 || res.Outputs["outcome"] != "refused" {
		t.Fatalf("the stale merge of #8: exit %d outputs %v\n%s", res.ExitCode, res.Outputs, res.Stderr)
	}
	for _, s := range []string{"localcloud_service.worker: delete, reviewed as update", "what was reviewed in #8", "nothing was applied",
		"Re-run the plan of #8", "allow-unreviewed"} {
		if !strings.Contains(res.Stdout+res.Stderr+res.Summary, s) {
			t.Errorf("the refusal does not say %q:\n%s\n%s", s, res.Summary, res.Stderr)
		}
	}
	if after := readState(t, filepath.Join(dir, "state", "dev.tfstate")); after.Serial != before.Serial {
		t.Errorf("the refused deploy changed the state: serial %d, then %d", before.Serial, after.Serial)
	}
	if _, err := store.GetService("olympus-worker-dev"); err != nil {
		t.Errorf("the refused deploy destroyed the worker: %v", err)
	}
	if svc, _ := store.GetService("olympus-api-dev"); len(svc.Revisions) != 1 {
		t.Errorf("the refused deploy changed the api: %+v", svc.Revisions)
	}

	// #9 was reviewed with image api:v3 and is merged after main moved
	// to api:v4: the same update, another value. Applied and listed.
	if err := os.WriteFile(filepath.Join(dir, "worker.tf"), []byte(worker), 0o644); err != nil {
		t.Fatal(err)
	}
	const sha9 = "9999999999999999999999999999999999999999"
	reviewPlan(t, gh, dir, 9, map[string]string{"TF_VAR_image": "api:v3"})
	gh.AddMergedPull(9, "head9", sha9)
	res = mergeDeploy(t, gh, dir, sha9, map[string]string{"TF_VAR_image": "api:v4"})
	if res.ExitCode != 0 || res.Outputs["outcome"] != "applied" {
		t.Fatalf("the merge of #9: exit %d outputs %v\n%s", res.ExitCode, res.Outputs, res.Stderr)
	}
	for _, s := range []string{"**Plan parity:** applies what was reviewed in [#9](", "localcloud_service.api: values differ from the reviewed plan", "| applied |"} {
		if !strings.Contains(res.Summary, s) {
			t.Errorf("the summary does not say %q:\n%s", s, res.Summary)
		}
	}
	if svc, _ := store.GetService("olympus-api-dev"); svc.Revisions[len(svc.Revisions)-1].Image != "api:v4" {
		t.Errorf("the value-only difference was not applied: %+v", svc.Revisions)
	}
}

// A comment that is not ours carries a record all the same: it is never
// read, and dev (warn by default) applies, saying that nothing reviewed
// was found; staging (refuse by default) refuses.
func TestPlanParityReadsOnlyOurComment(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	reviewPlan(t, gh, dir, 7, nil)
	forged := gh.Comments(7)[0].Body
	other := fakegithub.New(t, harness.Token)
	other.AddComment(7, "mallory", forged)
	const sha = "7777777777777777777777777777777777777777"
	other.AddMergedPull(7, "head7", sha)
	res := mergeDeploy(t, other, dir, sha, nil)
	if res.ExitCode != 0 || !strings.Contains(res.Summary, "#7 has no reviewed change set of dev") {
		t.Fatalf("a forged comment: exit %d\n%s\n%s", res.ExitCode, res.Summary, res.Stderr)
	}
	if strings.Contains(res.Summary, "exactly what was reviewed") {
		t.Errorf("a forged record was read:\n%s", res.Summary)
	}
}
