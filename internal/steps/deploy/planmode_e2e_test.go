package deploy_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

// planJob runs deploy in plan mode the way the workflow's plan job does:
// the saved plan goes, encrypted, into the workspace for an artifact.
func planJob(t *testing.T, gh *fakegithub.Server, dir, env, key string) *harness.Result {
	t.Helper()
	r := deployRun(t, gh, dir, env, nil)
	r.Inputs["mode"] = "plan"
	r.Inputs["plan-file-dir"] = ".plans"
	if key != "" {
		r.Inputs["plan-encryption-key"] = key
	}
	return harness.Exec(t, r)
}

// applyJob applies a plan the way the workflow's apply job does.
func applyJob(t *testing.T, gh *fakegithub.Server, dir, env, file, sums, key string) *harness.Result {
	t.Helper()
	r := deployRun(t, gh, dir, env, nil)
	r.Inputs["plan-file"], r.Inputs["plan-sha256"] = file, sums
	if key != "" {
		r.Inputs["plan-encryption-key"] = key
	}
	return harness.Exec(t, r)
}

func TestPlanModeThenApplyHandsOverTheEncryptedReviewedPlan(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	key, _, err := plan.NewKey()
	if err != nil {
		t.Fatal(err)
	}

	// staging before dev: refused in the plan job, nothing saved or recorded.
	early := planJob(t, gh, dir, "staging", key)
	if early.ExitCode != 1 || !strings.Contains(early.Stdout+early.Stderr, "deploy it to dev first") || early.Outputs["outcome"] != "refused" {
		t.Fatalf("plan for staging before dev: exit %d outputs %v\n%s", early.ExitCode, early.Outputs, early.Stdout+early.Stderr)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, ".plans", "*")); len(files) != 0 || early.Outputs["plan-file"] != "" {
		t.Errorf("a refused plan was saved: %v", files)
	}
	if _, ok := stateOf(t, dir, "staging"); ok {
		t.Error("a refused plan wrote a state")
	}
	if res := harness.Exec(t, deployRun(t, gh, dir, "dev", nil)); res.ExitCode != 0 {
		t.Fatalf("dev: exit %d\n%s", res.ExitCode, res.Stderr)
	}

	writes := len(gh.Writes())
	planned := planJob(t, gh, dir, "staging", key)
	if planned.ExitCode != 0 || planned.Outputs["outcome"] != "planned" || planned.Outputs["has-changes"] != "true" {
		t.Fatalf("plan for staging: exit %d outputs %v\n%s", planned.ExitCode, planned.Outputs, planned.Stderr)
	}
	if got := planned.Outputs["plan-file"]; got != filepath.Join(".plans", "staging.tfplan.age") {
		t.Errorf("plan-file = %q, want the path relative to the workspace", got)
	}
	for _, want := range []string{"## Plan for `staging`", "| create | `localcloud_service.api` |", "approving the apply job applies exactly this plan"} {
		if !strings.Contains(planned.Summary, want) {
			t.Errorf("the plan job's summary lacks %q:\n%s", want, planned.Summary)
		}
	}
	if _, ok := stateOf(t, dir, "staging"); ok {
		t.Error("plan mode wrote a state")
	}
	if w := gh.Writes(); len(w) != writes {
		t.Errorf("plan mode wrote to GitHub (a deployment record?): %+v", w[writes:])
	}
	assertNoCanary(t, planned)
	saved := filepath.Join(dir, planned.Outputs["plan-file"])
	ct, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Encrypted(bytes.NewReader(ct)) || bytes.Contains(ct, []byte(canary)) || bytes.Contains(ct, []byte("olympus-api-staging")) {
		t.Errorf("the artifact is not an age file, or shows what the plan holds")
	}
	if st, _ := os.Stat(saved); st.Mode().Perm() != 0o600 {
		t.Errorf("saved plan mode %v", st.Mode().Perm())
	}
	sums := planned.Outputs["plan-sha256"]
	if !strings.HasPrefix(sums, "staging=") {
		t.Fatalf("plan-sha256 = %q", sums)
	}

	// The artifact without its key, with another key, or changed: refused.
	if res := applyJob(t, gh, dir, "staging", saved, sums, ""); res.ExitCode != 2 || !strings.Contains(res.Stdout+res.Stderr, "is encrypted (age); pass the plan-encryption-key") {
		t.Errorf("no key: exit %d\n%s", res.ExitCode, res.Stdout+res.Stderr)
	}
	other, _, _ := plan.NewKey()
	if res := applyJob(t, gh, dir, "staging", saved, sums, other); res.ExitCode != 1 || !strings.Contains(res.Stdout+res.Stderr, "encrypted with another key, or changed after it was made") {
		t.Errorf("another key: exit %d\n%s", res.ExitCode, res.Stdout+res.Stderr)
	}
	bad := bytes.Clone(ct)
	bad[len(bad)-20] ^= 1
	tampered := filepath.Join(dir, ".plans", "tampered.age")
	if err := os.WriteFile(tampered, bad, 0o600); err != nil {
		t.Fatal(err)
	}
	if res := applyJob(t, gh, dir, "staging", tampered, sums, key); res.ExitCode != 1 || !strings.Contains(res.Stdout+res.Stderr, "changed after it was made") {
		t.Errorf("a changed byte: exit %d\n%s", res.ExitCode, res.Stdout+res.Stderr)
	}
	if _, ok := stateOf(t, dir, "staging"); ok {
		t.Error("a refused artifact changed the state")
	}

	applied := applyJob(t, gh, dir, "staging", planned.Outputs["plan-file"], sums, key)
	if applied.ExitCode != 0 || applied.Outputs["outcome"] != "applied" || applied.Outputs["plan-sha256"] != sums {
		t.Fatalf("apply: exit %d outputs %v\n%s", applied.ExitCode, applied.Outputs, applied.Stderr)
	}
	assertNoCanary(t, applied)
	var rec *fakegithub.Deployment
	for _, d := range gh.Deployments() {
		if d.Environment == "staging" {
			d := d
			rec = &d
		}
	}
	if rec == nil || rec.Task != "deploy:olympus" {
		t.Fatalf("no staging deployment recorded: %+v", gh.Deployments())
	}
	if p, _ := rec.Payload.(map[string]any); p["plan_sha256"] != strings.TrimPrefix(sums, "staging=") {
		t.Errorf("the record's payload %v does not name the applied plan %s", rec.Payload, sums)
	}
}

func TestAStalePlanIsRefusedWithTheWayOut(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	planned := planJob(t, gh, dir, "dev", "")
	if planned.ExitCode != 0 {
		t.Fatalf("plan: exit %d\n%s", planned.ExitCode, planned.Stderr)
	}
	// Another run applies first: the state moves on.
	if res := harness.Exec(t, deployRun(t, gh, dir, "dev", nil)); res.ExitCode != 0 {
		t.Fatalf("deploy: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	before, _ := stateOf(t, dir, "dev")
	stale := applyJob(t, gh, dir, "dev", planned.Outputs["plan-file"], planned.Outputs["plan-sha256"], "")
	out := stale.Stdout + stale.Stderr
	if stale.ExitCode != 1 || !strings.Contains(out, "the reviewed plan is stale") || !strings.Contains(out, "Re-run all jobs") {
		t.Fatalf("stale plan: exit %d\n%s", stale.ExitCode, out)
	}
	if after, _ := stateOf(t, dir, "dev"); after.Serial != before.Serial {
		t.Errorf("a stale plan changed the state: serial %d -> %d", before.Serial, after.Serial)
	}
	assertNoCanary(t, stale)
}

func TestPlanModeInputsAreChecked(t *testing.T) {
	dir := example(t)
	for _, tc := range []struct {
		inputs map[string]string
		want   string
	}{
		{map[string]string{"mode": "plan", "plan-file": "x.tfplan"}, "input plan-file: invalid value \"x.tfplan\": is for mode apply"},
		{map[string]string{"mode": "plan", "break-glass": "true"}, "input break-glass"},
		{map[string]string{"plan-file-dir": ".plans"}, "input plan-file-dir: invalid value \".plans\": is for mode plan"},
		{map[string]string{"mode": "both"}, "input mode"},
		{map[string]string{"mode": "plan", "plan-encryption-key": "hunter2-not-a-key"}, "input plan-encryption-key: invalid value \"***\""},
	} {
		r := deployRun(t, nil, dir, "dev", nil)
		for k, v := range tc.inputs {
			r.Inputs[k] = v
		}
		res := harness.Exec(t, r)
		if res.ExitCode != 2 || !strings.Contains(res.Stdout+res.Stderr, tc.want) {
			t.Errorf("%v: exit %d, want 2 and %q\n%s", tc.inputs, res.ExitCode, tc.want, res.Stdout+res.Stderr)
		}
		for _, line := range strings.Split(res.All(), "\n") {
			if strings.Contains(line, "hunter2") && !strings.HasPrefix(line, "::add-mask::") {
				t.Errorf("the key was printed: %q", line)
			}
		}
		if _, ok := stateOf(t, dir, "dev"); ok {
			t.Fatalf("%v: bad input changed the state", tc.inputs)
		}
	}
}
