package deploy_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

// stateOf reads an environment's state, reporting whether there is one.
func stateOf(t *testing.T, dir, env string) (tfState, bool) {
	t.Helper()
	p := filepath.Join(dir, "state", env+".tfstate")
	if _, err := os.Stat(p); err != nil {
		return tfState{}, false
	}
	return readState(t, p), true
}

func TestPromotionNeedsASuccessInThePreviousEnvironment(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)

	early := harness.Exec(t, deployRun(t, gh, dir, "staging", nil))
	if early.ExitCode != 1 || !strings.Contains(early.Stdout+early.Stderr, harness.DefaultSHA+" has no successful dev deployment made by olympus deploy; deploy it to dev first") {
		t.Fatalf("staging before dev: exit %d\n%s\n%s", early.ExitCode, early.Stdout, early.Stderr)
	}
	if _, ok := stateOf(t, dir, "staging"); ok {
		t.Error("the refused staging deploy wrote a state")
	}
	if len(gh.Deployments()) != 0 {
		t.Errorf("a refused deploy was recorded: %+v", gh.Deployments())
	}

	// From another ref, staging is refused whatever dev says.
	r := deployRun(t, gh, dir, "staging", nil)
	r.Ref = "refs/heads/feature"
	if res := harness.Exec(t, r); res.ExitCode != 1 || !strings.Contains(res.Stdout+res.Stderr, `this run is on "refs/heads/feature"`) {
		t.Fatalf("staging from a branch: exit %d\n%s", res.ExitCode, res.Stdout+res.Stderr)
	}

	if res := harness.Exec(t, deployRun(t, gh, dir, "dev", nil)); res.ExitCode != 0 {
		t.Fatalf("dev: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	st := harness.Exec(t, deployRun(t, gh, dir, "staging", nil))
	if st.ExitCode != 0 || st.Outputs["outcome"] != "applied" {
		t.Fatalf("staging after dev: exit %d\n%s", st.ExitCode, st.Stderr)
	}
	deps := gh.Deployments()
	if len(deps) != 2 || deps[0].Environment != "dev" || deps[1].Environment != "staging" || deps[1].SHA != harness.DefaultSHA {
		t.Fatalf("deployments %+v", deps)
	}
	if st.Outputs["deployment-id"] == "" {
		t.Error("no deployment-id output")
	}
	for _, d := range deps {
		var states []string
		for _, s := range gh.Statuses(d.ID) {
			states = append(states, s.State)
			if s.LogURL != "https://github.com/olympus-cloud/olympus/actions/runs/4242" {
				t.Errorf("status log URL %q", s.LogURL)
			}
		}
		if !slices.Equal(states, []string{"in_progress", "success"}) {
			t.Errorf("%s statuses %v, want in_progress then success", d.Environment, states)
		}
	}
}

// planWithPlanComment saves a reviewed plan for dev the way a pull request
// does, and returns its path and hash.
func planWithPlanComment(t *testing.T, dir string) (string, string) {
	t.Helper()
	res := harness.Exec(t, harness.Run{Step: "plan-comment", Dir: dir,
		Inputs: map[string]string{"environments": "dev", "comment": "off", "plan-file-dir": filepath.Join(dir, "plans")},
		Env:    map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TF_VAR_api_key": canary}})
	if res.ExitCode != 0 {
		t.Fatalf("plan-comment: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	file := strings.TrimPrefix(res.Outputs["plan-files"], "dev=")
	sum := strings.TrimPrefix(res.Outputs["plan-sha256"], "dev=")
	return file, sum
}

func TestDeployAppliesOnlyTheReviewedPlan(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	file, sum := planWithPlanComment(t, dir)

	tampered := strings.Repeat("0", 64)
	r := deployRun(t, gh, dir, "dev", nil)
	r.Inputs["plan-file"], r.Inputs["plan-sha256"] = file, tampered
	res := harness.Exec(t, r)
	if res.ExitCode != 1 || !strings.Contains(res.Stdout+res.Stderr, "it is not the plan that was reviewed") {
		t.Fatalf("tampered plan: exit %d\n%s", res.ExitCode, res.Stdout+res.Stderr)
	}
	if _, ok := stateOf(t, dir, "dev"); ok {
		t.Error("a refused plan changed the state")
	}

	// The state moves on after the review: the saved plan is stale.
	if res := harness.Exec(t, deployRun(t, gh, dir, "dev", nil)); res.ExitCode != 0 {
		t.Fatalf("deploy: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	before, _ := stateOf(t, dir, "dev")
	svc, _ := (localstore.Store{Root: filepath.Join(dir, ".localcloud", "dev")}).GetService("olympus-api-dev")
	r = deployRun(t, gh, dir, "dev", nil)
	r.Inputs["plan-file"], r.Inputs["plan-sha256"] = file, sum
	stale := harness.Exec(t, r)
	if stale.ExitCode != 1 || !strings.Contains(stale.Stdout+stale.Stderr, "the reviewed plan is stale") {
		t.Fatalf("stale plan: exit %d\n%s", stale.ExitCode, stale.Stdout+stale.Stderr)
	}
	after, _ := stateOf(t, dir, "dev")
	svc2, _ := (localstore.Store{Root: filepath.Join(dir, ".localcloud", "dev")}).GetService("olympus-api-dev")
	if after.Serial != before.Serial || svc2.LatestRevision() != svc.LatestRevision() {
		t.Errorf("a stale plan changed something: serial %d -> %d", before.Serial, after.Serial)
	}
	assertNoCanary(t, stale)
}

func TestDeployAppliesAReviewedPlan(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	file, sum := planWithPlanComment(t, dir)
	r := deployRun(t, gh, dir, "dev", nil)
	r.Inputs["plan-file"], r.Inputs["plan-sha256"] = file, sum
	res := harness.Exec(t, r)
	if res.ExitCode != 0 || res.Outputs["outcome"] != "applied" || !strings.Contains(res.Summary, "This is the reviewed plan (sha256 `"+sum+"`)") || res.Outputs["plan-sha256"] != "dev="+sum {
		t.Fatalf("exit %d outputs %v\n%s", res.ExitCode, res.Outputs, res.Stderr)
	}
	if !strings.Contains(res.Outputs["terraform-outputs"], `"api_key":"(sensitive)"`) || !strings.Contains(res.Outputs["terraform-outputs"], `"service_name":"olympus-api-dev"`) {
		t.Errorf("terraform-outputs %q", res.Outputs["terraform-outputs"])
	}
	assertNoCanary(t, res)
}

func TestDeployRefusesProtectedDestroysAndDrift(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	for _, env := range []string{"dev", "staging"} {
		if res := harness.Exec(t, deployRun(t, gh, dir, env, nil)); res.ExitCode != 0 {
			t.Fatalf("%s: exit %d\n%s", env, res.ExitCode, res.Stderr)
		}
	}
	staging := localstore.Store{Root: filepath.Join(dir, ".localcloud", "staging")}

	// A hand fix in staging: deploying would revert it.
	if _, err := staging.UpdateService("olympus-api-staging", func(s *localstore.Service) error { s.Image = "hotfix:1"; return nil }); err != nil {
		t.Fatal(err)
	}
	res := harness.Exec(t, deployRun(t, gh, dir, "staging", nil))
	if res.ExitCode != 1 || !strings.Contains(res.Stdout+res.Stderr, "staging changed outside Terraform (localcloud_service.api)") {
		t.Fatalf("drift: exit %d\n%s", res.ExitCode, res.Stdout+res.Stderr)
	}
	if svc, _ := staging.GetService("olympus-api-staging"); svc.Image != "hotfix:1" {
		t.Errorf("the refused deploy reverted the hand fix")
	}
	r := deployRun(t, gh, dir, "staging", nil)
	r.Inputs["allow-drift"] = "true"
	if res := harness.Exec(t, r); res.ExitCode != 0 {
		t.Fatalf("allow-drift: exit %d\n%s", res.ExitCode, res.Stderr)
	}

	// Renaming the database replaces it: refused while it is protected.
	tfvars := filepath.Join(dir, "environments", "dev", "terraform.tfvars")
	b, _ := os.ReadFile(tfvars)
	os.WriteFile(tfvars, append(b, []byte("\nsql_name_suffix = \"-v2\"\n")...), 0o644)
	main := filepath.Join(dir, "main.tf")
	mb, _ := os.ReadFile(main)
	os.WriteFile(main, []byte(strings.Replace(string(mb), `name                = "olympus-db-${var.environment}"`,
		`name                = "olympus-db-${var.environment}${var.sql_name_suffix}"`, 1)+"\nvariable \"sql_name_suffix\" {\n  type    = string\n  default = \"\"\n}\n"), 0o644)
	r = deployRun(t, gh, dir, "dev", nil)
	r.Inputs["protected-types"] = "localcloud_sql_instance"
	res = harness.Exec(t, r)
	if res.ExitCode != 1 || !strings.Contains(res.Stdout+res.Stderr, "the plan would replace localcloud_sql_instance.db, which are protected") {
		t.Fatalf("protected replace: exit %d\n%s", res.ExitCode, res.Stdout+res.Stderr)
	}
	dev := localstore.Store{Root: filepath.Join(dir, ".localcloud", "dev")}
	if _, err := dev.GetSQLInstance("olympus-db-dev"); err != nil {
		t.Errorf("the protected database is gone: %v", err)
	}
}

var unlockRE = regexp.MustCompile(`(?:terraform|tofu) force-unlock -force ([0-9a-f-]{36})`)

// GitHub cancels a step with SIGINT, then SIGTERM 7.5 s later.
func TestDeployCancelledLikeGitHubDoes(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	p := harness.Start(t, deployRun(t, gh, dir, "dev", map[string]string{"LOCALCLOUD_APPLY_DELAY": "12s"}))
	if !p.WaitForOutput("Creating...", 2*time.Minute) {
		t.Fatal("apply never started")
	}
	p.Signal(syscall.SIGINT)
	time.Sleep(7500 * time.Millisecond)
	p.Signal(syscall.SIGTERM)
	res := p.Wait(t, time.Minute)
	if res.ExitCode == 0 || !strings.Contains(res.Stdout+res.Stderr, "Gracefully shutting down") {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	// The deployment record was closed, though the step was stopping (by
	// terraform's ending here; at the second signal when the step is
	// killed first: TestDeployKilledAfterTheSecondSignalClosesItsRecord).
	if deps := gh.Deployments(); len(deps) != 1 {
		t.Errorf("deployments %+v", deps)
	} else if sts := gh.Statuses(deps[0].ID); len(sts) == 0 || sts[len(sts)-1].State != "failure" {
		t.Errorf("the cancelled deploy's last status is not failure: %+v", sts)
	}
	// At the second signal terraform was still applying: the lock and how
	// to release it were printed, in the log and the summary.
	m := unlockRE.FindStringSubmatch(res.Stdout + res.Stderr)
	if m == nil || !strings.Contains(res.Summary, m[0]) {
		t.Fatalf("no force-unlock command with the lock id:\n%s\nsummary:\n%s", res.Stderr, res.Summary)
	}
	// terraform finished its calls and released the lock itself; the
	// printed command is harmless then, and works when it did not.
	if locks, _ := filepath.Glob(filepath.Join(dir, "state", "*.lock.info")); len(locks) > 0 {
		cmd := exec.Command("terraform", "force-unlock", "-force", m[1])
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+tfenv.Shared(t))
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("the printed unlock command failed: %v\n%s", err, out)
		}
	}
	next := deployRun(t, gh, dir, "dev", nil)
	next.Inputs["lock-timeout"] = "1s"
	if res := harness.Exec(t, next); res.ExitCode != 0 {
		t.Fatalf("deploy after the cancel: exit %d\n%s", res.ExitCode, res.Stderr)
	}
}

// A hard cancel: the runner kills the step 2.5 s after the second stop
// signal. terraform, interrupted, waits for a cloud call that outlasts the
// kill, so the deploy never reaches its own ending: only the second
// signal's handler can close the deployment record, and it must before
// the kill, or the deployment stays in_progress and blocks the promotion.
func TestDeployKilledAfterTheSecondSignalClosesItsRecord(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	p := harness.Start(t, deployRun(t, gh, example(t), "dev", map[string]string{"LOCALCLOUD_APPLY_DELAY": "1h"}))
	if !p.WaitForOutput("Creating...", 2*time.Minute) {
		t.Fatal("apply never started")
	}
	deps := gh.Deployments()
	if len(deps) != 1 {
		t.Fatalf("deployments %+v", deps)
	}
	last := func() fakegithub.DeploymentStatus {
		sts := gh.Statuses(deps[0].ID)
		if len(sts) == 0 {
			return fakegithub.DeploymentStatus{}
		}
		return sts[len(sts)-1]
	}
	p.Signal(syscall.SIGINT)
	if !p.WaitForOutput("Gracefully shutting down", time.Minute) {
		t.Fatal("terraform was not interrupted")
	}
	if st := last(); st.State != "in_progress" {
		t.Fatalf("before the second signal the last status is %+v, want in_progress", st)
	}
	p.Signal(syscall.SIGTERM)
	harness.WaitFor(t, time.Minute, "the final status after the second signal", func() bool { return last().State == "failure" })
	p.Kill()
	res := p.Wait(t, time.Minute)
	if res.ExitCode != -1 {
		t.Fatalf("the deploy ended by itself (exit %d), not by the kill: the record may not come from the second signal\n%s", res.ExitCode, res.Stderr)
	}
	if st := last(); st.Description != "cancelled" {
		t.Errorf("final status %+v, want its description to say cancelled", st)
	}
}

func TestConcurrentDeploysOfOneEnvironment(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	first := harness.Start(t, deployRun(t, gh, dir, "dev", map[string]string{"LOCALCLOUD_APPLY_DELAY": "20s"}))
	if !first.WaitForOutput("Creating...", 2*time.Minute) {
		t.Fatal("apply never started")
	}
	r := deployRun(t, gh, dir, "dev", nil)
	r.Inputs["lock-timeout"] = "1s"
	second := harness.Exec(t, r)
	if second.ExitCode == 0 || !strings.Contains(second.Stdout+second.Stderr, "the state is locked by ") {
		t.Fatalf("second deploy: exit %d\n%s", second.ExitCode, second.Stdout+second.Stderr)
	}
	if res := first.Wait(t, time.Minute); res.ExitCode != 0 {
		t.Fatalf("first deploy: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	s1, _ := stateOf(t, dir, "dev")

	// Two at once again, the second waiting for the lock: one applies, the
	// other finds nothing to do or refuses its stale plan, and the state
	// moves by exactly one apply of the change (measured below).
	setLogLevel := func(v string) {
		tfvars := filepath.Join(dir, "environments", "dev", "terraform.tfvars")
		b, _ := os.ReadFile(tfvars)
		re := regexp.MustCompile(`log_level( +)= "[a-z]+"`)
		os.WriteFile(tfvars, re.ReplaceAll(b, []byte(`log_level$1= "`+v+`"`)), 0o644)
	}
	setLogLevel("info")
	var wg sync.WaitGroup
	results := make([]*harness.Result, 2)
	for i := range 2 {
		r := deployRun(t, gh, dir, "dev", map[string]string{"LOCALCLOUD_APPLY_DELAY": "1s"})
		r.Inputs["lock-timeout"] = "2m"
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = harness.Start(t, r).Wait(t, 3*time.Minute)
		}()
	}
	wg.Wait()
	var applied int
	for _, res := range results {
		switch {
		case res.Outputs["outcome"] == "applied":
			applied++
		case res.Outputs["outcome"] == "no-changes":
		case res.ExitCode == 1 && strings.Contains(res.Stdout+res.Stderr, "the plan went stale"):
		default:
			t.Errorf("exit %d outcome %q\n%s", res.ExitCode, res.Outputs["outcome"], res.Stderr)
		}
	}
	if applied != 1 {
		t.Errorf("%d runs applied, want 1", applied)
	}
	s2, _ := stateOf(t, dir, "dev")

	setLogLevel("debug")
	if res := harness.Exec(t, deployRun(t, gh, dir, "dev", nil)); res.Outputs["outcome"] != "applied" {
		t.Fatalf("single deploy: %v\n%s", res.Outputs, res.Stderr)
	}
	s3, _ := stateOf(t, dir, "dev")
	if one := s3.Serial - s2.Serial; s2.Serial-s1.Serial != one {
		t.Errorf("two concurrent deploys moved the serial %d -> %d; one apply of the same change moves it by %d", s1.Serial, s2.Serial, one)
	}
}

// Any token with deployments: write can record a deploy:olympus deployment
// and give it a success status. Only those created by the identity the
// deploy acts as count; the refusal names the ones ignored and why.
func TestDeploymentByAnotherLoginDoesNotSatisfyThePromotionGate(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	gh.AddToken("ghp_mallory0123456789", "mallory")
	dir := example(t)
	forged := forgeDeployment(t, gh, "ghp_mallory0123456789", harness.DefaultSHA, "dev")

	res := harness.Exec(t, deployRun(t, gh, dir, "staging", nil))
	out := res.Stdout + res.Stderr
	if res.ExitCode != 1 || !strings.Contains(out, harness.DefaultSHA+" has no successful dev deployment made by olympus deploy") ||
		!strings.Contains(out, fmt.Sprintf("deployment %d was created by mallory, not by github-actions[bot]", forged)) {
		t.Fatalf("staging over a forged dev deployment: exit %d\n%s", res.ExitCode, out)
	}
	if _, ok := stateOf(t, dir, "staging"); ok {
		t.Error("the refused staging deploy wrote a state")
	}
	if n := len(gh.Deployments()); n != 1 {
		t.Errorf("the refused deploy was recorded: %+v", gh.Deployments())
	}

	// Our own dev deploy opens the gate, and says in its payload which
	// run made it.
	if res := harness.Exec(t, deployRun(t, gh, dir, "dev", nil)); res.ExitCode != 0 {
		t.Fatalf("dev: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	deps := gh.Deployments()
	p, _ := deps[len(deps)-1].Payload.(map[string]any)
	if p["run_id"] != "4242" || p["run_url"] != "https://github.com/olympus-cloud/olympus/actions/runs/4242" {
		t.Errorf("dev deployment's payload %v does not name its run", deps[len(deps)-1].Payload)
	}
	if res := harness.Exec(t, deployRun(t, gh, dir, "staging", nil)); res.ExitCode != 0 || res.Outputs["outcome"] != "applied" {
		t.Fatalf("staging after our dev deploy: exit %d\n%s", res.ExitCode, res.Stdout+res.Stderr)
	}
}

// forgeDeployment records a successful deploy:olympus deployment with
// another user's token, as a workflow or person holding it could.
func forgeDeployment(t *testing.T, gh *fakegithub.Server, token, sha, env string) int64 {
	t.Helper()
	base := gh.URL + "/"
	c, err := github.NewClient(github.WithAuthToken(token), github.WithURLs(&base, &base))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	owner, repo, _ := strings.Cut(harness.Repository, "/")
	d, _, err := c.Repositories.CreateDeployment(ctx, owner, repo, github.DeploymentRequest{Ref: sha, Task: github.Ptr("deploy:olympus"),
		Environment: github.Ptr(env), AutoMerge: github.Ptr(false), RequiredContexts: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Repositories.CreateDeploymentStatus(ctx, owner, repo, d.GetID(), github.DeploymentStatusRequest{State: "success"}); err != nil {
		t.Fatal(err)
	}
	return d.GetID()
}
