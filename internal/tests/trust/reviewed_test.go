package trust_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/hostile"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// example copies examples/local into a fresh workspace.
func example(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "examples", "local"), dir)
	return dir
}

func exampleEnv(t *testing.T) map[string]string {
	return map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TF_VAR_api_key": hostile.Canaries["sensitive variable"], "OLYMPUS_TEST_TIMING": "100ms"}
}

// planComment plans envs on a pull request the way the workflow does and
// returns its outputs, verbatim.
func planComment(t *testing.T, gh *fakegithub.Server, dir, envs string) map[string]string {
	t.Helper()
	res := harness.Exec(t, harness.Run{Step: "plan-comment", Dir: dir, GitHub: gh, Event: harness.PullRequest(7), Env: exampleEnv(t),
		Inputs: map[string]string{"environments": envs, "plan-file-dir": filepath.Join(dir, ".plans")}})
	if res.ExitCode != 0 {
		t.Fatalf("plan-comment: exit %d\n%s", res.ExitCode, res.Stdout)
	}
	return res.Outputs
}

func deploy(t *testing.T, gh *fakegithub.Server, dir, env string, inputs map[string]string) *harness.Result {
	t.Helper()
	in := map[string]string{"environment": env}
	for k, v := range inputs {
		in[k] = v
	}
	return harness.Exec(t, harness.Run{Step: "deploy", Dir: dir, GitHub: gh, Env: exampleEnv(t), Inputs: in})
}

type tfState struct {
	Serial  int            `json:"serial"`
	Outputs map[string]any `json:"outputs"`
}

func state(t *testing.T, dir, env string) (tfState, bool) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "state", env+".tfstate"))
	if err != nil {
		return tfState{}, false
	}
	var s tfState
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s, true
}

// plan-comment's outputs, passed as they are, are what deploy takes.
func TestPlanCommentOutputsPassVerbatimIntoDeploy(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	out := planComment(t, gh, dir, "dev")
	if !strings.HasPrefix(out["plan-sha256"], "dev=") || !strings.HasPrefix(out["plan-files"], "dev=") {
		t.Fatalf("outputs %v", out)
	}
	res := deploy(t, gh, dir, "dev", map[string]string{
		"plan-file":   strings.TrimPrefix(out["plan-files"], "dev="),
		"plan-sha256": out["plan-sha256"],
	})
	if res.ExitCode != 0 || res.Outputs["outcome"] != "applied" || res.Outputs["plan-sha256"] != out["plan-sha256"] ||
		!strings.Contains(res.Summary, "This is the reviewed plan (sha256 `"+strings.TrimPrefix(out["plan-sha256"], "dev=")+"`)") {
		t.Fatalf("exit %d outputs %v\n%s", res.ExitCode, res.Outputs, res.Stdout)
	}
}

// A plan made for staging, with its own hash, does not apply "to prod":
// terraform would apply it to staging's state and we would record prod.
func TestPlanForAnotherEnvironmentIsRefusedWithNothingWritten(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	out := planComment(t, gh, dir, "dev,staging")
	files := map[string]string{}
	for _, l := range strings.Split(out["plan-files"], "\n") {
		e, p, _ := strings.Cut(l, "=")
		files[e] = p
	}
	stagingSum := ""
	for _, l := range strings.Split(out["plan-sha256"], "\n") {
		if e, s, _ := strings.Cut(l, "="); e == "staging" {
			stagingSum = s
		}
	}
	before := len(gh.Writes())

	for name, in := range map[string]map[string]string{
		// The verbatim output names staging and dev, not prod.
		"verbatim hashes": {"plan-file": files["staging"], "plan-sha256": out["plan-sha256"]},
		// The bare hash matches the file: the plan's backend gives it away.
		"bare hash": {"plan-file": files["staging"], "plan-sha256": stagingSum, "break-glass": "true"},
	} {
		t.Run(name, func(t *testing.T) {
			res := deploy(t, gh, dir, "prod", in)
			if res.ExitCode != 1 || !strings.Contains(res.Stdout, "another environment") {
				t.Fatalf("exit %d\n%s", res.ExitCode, res.Stdout)
			}
			for _, env := range []string{"staging", "prod"} {
				if _, ok := state(t, dir, env); ok {
					t.Errorf("the refused deploy wrote %s's state", env)
				}
			}
			if n := len(gh.Writes()); n != before {
				t.Errorf("the refused deploy wrote to GitHub: %+v", gh.Writes()[before:])
			}
			if len(gh.Deployments()) != 0 {
				t.Errorf("a deployment was recorded: %+v", gh.Deployments())
			}
		})
	}
}

// A plan made from another root module (or another commit of it) is not
// this working directory's plan.
func TestPlanFromAnotherConfigurationIsRefused(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	out := planComment(t, gh, dir, "dev")
	os.WriteFile(filepath.Join(dir, "extra.tf"), []byte("output \"extra\" {\n  value = \"x\"\n}\n"), 0o644)
	res := deploy(t, gh, dir, "dev", map[string]string{"plan-file": strings.TrimPrefix(out["plan-files"], "dev="), "plan-sha256": out["plan-sha256"]})
	if res.ExitCode != 1 || !strings.Contains(res.Stdout, "another configuration") || !strings.Contains(res.Stdout, "extra.tf") {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stdout)
	}
	if _, ok := state(t, dir, "dev"); ok {
		t.Error("the refused plan wrote a state")
	}
}

// Terraform applies a plan that changes only outputs ("You can apply this
// plan to save these new output values"); so does deploy.
func TestOutputOnlyChangeIsApplied(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	if res := deploy(t, gh, dir, "dev", nil); res.ExitCode != 0 {
		t.Fatalf("first deploy: exit %d\n%s", res.ExitCode, res.Stdout)
	}
	os.WriteFile(filepath.Join(dir, "extra.tf"), []byte("output \"region\" {\n  value = \"europe-west1\"\n}\n"), 0o644)
	res := deploy(t, gh, dir, "dev", nil)
	if res.ExitCode != 0 || res.Outputs["outcome"] != "applied" || res.Outputs["has-changes"] != "true" {
		t.Fatalf("exit %d outputs %v\n%s", res.ExitCode, res.Outputs, res.Stdout)
	}
	if s, _ := state(t, dir, "dev"); s.Outputs["region"] == nil {
		t.Errorf("the new output was not saved: %v", s.Outputs)
	}
	if !strings.Contains(res.Outputs["terraform-outputs"], `"region":"europe-west1"`) {
		t.Errorf("terraform-outputs %s", res.Outputs["terraform-outputs"])
	}
}

// A status POST that fails with a 5xx is sent again: a lost final status
// leaves the deployment in_progress and blocks the promotion.
func TestFinalDeploymentStatusIsRetried(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	// The first status (in_progress) goes through; the final one fails
	// twice before it is taken.
	gh.Inject(fakegithub.Fault{Method: http.MethodPost, PathPrefix: "/repos/" + harness.Repository + "/deployments/", Status: http.StatusBadGateway, Times: 2, Skip: 1})
	res := deploy(t, gh, dir, "dev", nil)
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stdout)
	}
	deps := gh.Deployments()
	if len(deps) != 1 {
		t.Fatalf("deployments %+v", deps)
	}
	var states []string
	for _, s := range gh.Statuses(deps[0].ID) {
		states = append(states, s.State)
	}
	if strings.Join(states, ",") != "in_progress,success" {
		t.Errorf("statuses %v, want in_progress,success", states)
	}
}

// GitHub creates a deployment of its own for every job that names an
// environment (a rollback job, a plan job): it is no proof of a deploy.
func TestAutomaticDeploymentDoesNotSatisfyThePromotionGate(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	gh.AddDeployment(harness.DefaultSHA, harness.DefaultRef, "dev", "success")
	res := deploy(t, gh, dir, "staging", nil)
	if res.ExitCode != 1 || !strings.Contains(res.Stdout, "has no successful dev deployment made by olympus deploy") {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stdout)
	}
	if _, ok := state(t, dir, "staging"); ok {
		t.Error("the refused deploy wrote a state")
	}
}
