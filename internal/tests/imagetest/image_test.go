package imagetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/dockerrun"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runemu"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

const canary = "canary-3c1d8e5f-not-in-the-image-logs"

// provider makes the localcloud filesystem mirror readable in the
// container, at the same path, and returns the step env and mount for it.
func provider(t *testing.T) (map[string]string, string) {
	t.Helper()
	cfg := tfenv.Shared(t)
	dir := filepath.Dir(cfg)
	// MkdirTemp made it 0700: the runner's user in the container reads it.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"TF_CLI_CONFIG_FILE": cfg}, dir + ":" + dir + ":ro"
}

// checkout copies a tree into the job's workspace, as actions/checkout
// would, owned by the runner's user.
func checkout(t *testing.T, r *dockerrun.Runner, src, sub string) string {
	t.Helper()
	dst := filepath.Join(r.Workspace, sub)
	tfenv.CopyDir(t, src, dst)
	r.Chown(t, r.Workspace)
	return dst
}

// assertClean checks what a step left in the workspace: nothing that the
// runner's user does not own (a later actions/checkout deletes the
// workspace as that user) and no terraform data directory.
func assertClean(t *testing.T, r *dockerrun.Runner) {
	t.Helper()
	if bad := r.NotOwned(t, r.Workspace); len(bad) > 0 {
		t.Errorf("left in the workspace, not owned by the runner's user %d:%d: %s", r.UID, r.GID, strings.Join(bad, ", "))
	}
	if bad := r.NotOwned(t, r.Home); len(bad) > 0 {
		t.Errorf("left in /github/home, not owned by the runner's user: %s", strings.Join(bad, ", "))
	}
	filepath.WalkDir(r.Workspace, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == ".terraform" {
			t.Errorf("terraform's data directory %s is in the workspace", p)
		}
		return nil
	})
}

func failed(t *testing.T, what string, res *dockerrun.Result) {
	t.Helper()
	t.Fatalf("%s: exit %d\ndocker %s\nstdout:\n%s\nstderr:\n%s\noutputs: %v", what, res.ExitCode, strings.Join(res.Args, " "), res.Stdout, res.Stderr, res.Outputs)
}

func TestValidateInTheImage(t *testing.T) {
	requireImage(t)
	r := dockerrun.NewRunner(t, image)
	checkout(t, r, filepath.Join("..", "..", "steps", "validate", "testdata", "violations"), "infra")
	env, mount := provider(t)
	res := r.Run(t, dockerrun.Step{Name: "validate", Inputs: map[string]string{"working-directory": "infra", "sarif-file": "validate.sarif"},
		Env: env, Mounts: []string{mount}}, 10*time.Minute)
	// The fixture has findings at and above high: a negative verdict.
	if res.ExitCode != 1 {
		failed(t, "validate", res)
	}
	if res.Outputs["failed"] != "true" || res.Outputs["sarif-file"] != "validate.sarif" || res.Outputs["findings"] == "" || res.Outputs["findings"] == "0" {
		t.Errorf("outputs %v", res.Outputs)
	}
	// The olympus ruleset ran (olympus itself is the plugin in the image),
	// and so did terraform validate and the security scan.
	for _, want := range []string{"olympus_cloud_run_immutable_image", "terraform_validate", "security"} {
		if !strings.Contains(res.Stdout+res.Summary, want) {
			t.Errorf("no %s finding in the annotations or the summary", want)
		}
	}
	if l := firstShownLine(res.Stderr); !strings.HasPrefix(l, "olympus ") || !strings.HasSuffix(l, ": validate") {
		t.Errorf("the first line is not the version banner: %q", l)
	}
	// A later step on the host (upload-sarif) reads the SARIF file.
	sarif := filepath.Join(r.Workspace, "validate.sarif")
	if b, err := os.ReadFile(sarif); err != nil || !strings.Contains(string(b), `"version": "2.1.0"`) {
		t.Errorf("SARIF file: %v", err)
	}
	assertClean(t, r)
}

func TestPlanCommentThenDeployTheReviewedPlanInTheImage(t *testing.T) {
	requireImage(t)
	gh := fakegithub.New(t, harness.Token)
	r := dockerrun.NewRunner(t, image)
	checkout(t, r, filepath.Join("..", "..", "..", "examples", "local"), "terraform")
	env, mount := provider(t)
	env["TF_VAR_api_key"] = canary
	env["OLYMPUS_TEST_TIMING"] = "200ms"

	// Two environments: planned at once by two workers that share the
	// provider plugin cache under /github/home.
	plan := r.Run(t, dockerrun.Step{Name: "plan-comment", Event: harness.PullRequest(7), GitHub: gh, Env: env, Mounts: []string{mount},
		Inputs: map[string]string{"environments": "dev,staging", "working-directory": "terraform", "github-token": harness.Token}}, 10*time.Minute)
	if plan.ExitCode != 0 {
		failed(t, "plan-comment", plan)
	}
	if plan.Outputs["has-changes"] != "true" || plan.Outputs["add"] != "4" {
		t.Errorf("plan outputs %v", plan.Outputs)
	}
	if c := gh.Comments(7); len(c) != 1 || !strings.Contains(c[0].Body, "dev") || !strings.Contains(c[0].Body, "staging") || strings.Contains(c[0].Body, canary) {
		t.Errorf("comments %+v", c)
	}
	// The saved plans are under RUNNER_TEMP, where later steps of the job
	// (this image's, or the host's at $RUNNER_TEMP) find them.
	planFile, planSum := "", ""
	for _, l := range strings.Split(plan.Outputs["plan-files"], "\n") {
		if env, p, ok := strings.Cut(l, "="); ok && env == "dev" {
			planFile = p
		}
	}
	for _, l := range strings.Split(plan.Outputs["plan-sha256"], "\n") {
		if env, s, ok := strings.Cut(l, "="); ok && env == "dev" {
			planSum = s
		}
	}
	if !strings.HasPrefix(planFile, "/github/runner_temp/") {
		t.Fatalf("dev's plan file is %q, want it under /github/runner_temp", planFile)
	}
	if _, err := os.ReadFile(r.HostPath(planFile)); err != nil {
		t.Errorf("the host cannot read the saved plan: %v", err)
	}
	if bad := r.NotOwned(t, filepath.Dir(r.HostPath(planFile))); len(bad) > 0 {
		t.Errorf("saved plans not owned by the runner's user: %v", bad)
	}
	cached, _ := filepath.Glob(filepath.Join(r.Home, ".cache", "olympus", "terraform-plugins", "registry.terraform.io", "olympus", "localcloud", "*"))
	if len(cached) == 0 {
		t.Errorf("the provider is not in the plugin cache under /github/home")
	}
	assertClean(t, r)

	gh2 := fakegithub.New(t, harness.Token)
	deploy := r.Run(t, dockerrun.Step{Name: "deploy", GitHub: gh2, Env: env, Mounts: []string{mount},
		Inputs: map[string]string{"environment": "dev", "working-directory": "terraform", "plan-file": planFile, "plan-sha256": planSum,
			"github-token": harness.Token, "promotion-order": "dev,staging,prod", "allowed-refs": "refs/heads/main", "lock-timeout": "1m",
			"protected-types": "google_sql_database_instance"}}, 10*time.Minute)
	if deploy.ExitCode != 0 {
		failed(t, "deploy", deploy)
	}
	if deploy.Outputs["outcome"] != "applied" || deploy.Outputs["add"] != "2" || !strings.Contains(deploy.Outputs["terraform-outputs"], "(sensitive)") {
		t.Errorf("deploy outputs %v", deploy.Outputs)
	}
	if !strings.Contains(deploy.Summary, "**Result:** applied to `dev`") {
		t.Errorf("deploy summary:\n%s", deploy.Summary)
	}
	store := localstore.Store{Root: filepath.Join(r.Workspace, "terraform", ".localcloud", "dev")}
	if svc, err := store.GetService("olympus-api-dev"); err != nil || svc.Env["API_KEY"] != canary {
		t.Errorf("the service was not applied: %+v, %v", svc, err)
	}
	for _, res := range []*dockerrun.Result{plan, deploy} {
		for _, line := range strings.Split(res.Stdout+res.Stderr+res.Summary, "\n") {
			if strings.Contains(line, canary) && !strings.HasPrefix(line, "::add-mask::") {
				t.Errorf("the canary was printed: %q", line)
			}
		}
	}
	// Local state, the provider's objects and the lock file are the
	// runner's user's, like the workspace.
	assertClean(t, r)
}

func TestTrafficRollbackInTheImage(t *testing.T) {
	requireImage(t)
	store := localstore.Store{Root: t.TempDir()}
	var revs []string
	for _, img := range []string{"api:v1", "api:v2"} {
		svc, _, err := store.ApplyServiceConfig("olympus-api", img, nil)
		if err != nil {
			t.Fatal(err)
		}
		revs = append(revs, svc.LatestRevision())
		time.Sleep(5 * time.Millisecond)
	}
	emu, err := runemu.Start(store, "olympus-dev-7d1e", "us-central1")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Stop)
	gh := fakegithub.New(t, harness.Token)
	r := dockerrun.NewRunner(t, image)
	res := r.Run(t, dockerrun.Step{Name: "traffic-rollback", GitHub: gh, Env: map[string]string{"OLYMPUS_TEST_TIMING": "5ms"}, Event: harness.WorkflowDispatch(harness.DefaultRef, nil),
		Inputs: map[string]string{"project": "olympus-dev-7d1e", "service": "olympus-api", "run-endpoint": emu.Addr, "reason": "5xx after v2",
			"region": "us-central1", "timeout": "2m", "github-token": harness.Token}}, 5*time.Minute)
	if res.ExitCode != 0 {
		failed(t, "traffic-rollback", res)
	}
	if res.Outputs["to-revision"] != revs[0] || res.Outputs["changed"] != "true" {
		t.Errorf("outputs %v", res.Outputs)
	}
	if !strings.Contains(res.Summary, "5xx after v2") {
		t.Errorf("summary:\n%s", res.Summary)
	}
	if len(gh.Issues()) != 1 {
		t.Errorf("incident issues %+v", gh.Issues())
	}
	assertClean(t, r)

	// Bad input: exit 2, nothing done, with no network at all.
	bad := r.Run(t, dockerrun.Step{Name: "traffic-rollback", Network: "none", Inputs: map[string]string{"project": "olympus-dev-7d1e", "service": "olympus-api", "timeout": "soon"}}, time.Minute)
	if bad.ExitCode != 2 || !strings.Contains(bad.Stdout, "input timeout") {
		t.Errorf("bad input: exit %d\n%s\n%s", bad.ExitCode, bad.Stdout, bad.Stderr)
	}
}

// firstShownLine is the first line of the log a reader sees: ::debug::
// lines are shown only with step debug logging on.
func firstShownLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if !strings.HasPrefix(l, "::debug::") {
			return l
		}
	}
	return ""
}
