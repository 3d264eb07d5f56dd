package deploy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
)

// dbPolicy denies what the local example creates first, its database,
// unless the run's labels carry the exception the rule reads itself.
const dbPolicy = `package local.db

deny contains msg if {
	some rc in input.resource_changes
	rc.type == "localcloud_sql_instance"
	"create" in rc.change.actions
	not "db-approved" in data.olympus.labels
	msg := sprintf("%s: a new database in %s needs the db-approved label", [rc.address, data.olympus.environment])
}
`

func writePolicy(t *testing.T, dir, name, src string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "policy"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "policy", name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
}

// assertNothingApplied checks that dev has no state and no object.
func assertNothingApplied(t *testing.T, dir string) {
	t.Helper()
	if _, ok := stateOf(t, dir, "dev"); ok {
		t.Error("dev has a state")
	}
	store := localstore.Store{Root: filepath.Join(dir, ".localcloud", "dev")}
	if _, err := store.GetSQLInstance("olympus-db-dev"); err == nil {
		t.Error("the denied database exists")
	}
	if _, err := store.GetService("olympus-api-dev"); err == nil {
		t.Error("the service of a denied plan exists")
	}
}

func assertDenied(t *testing.T, what string, res *harness.Result) {
	t.Helper()
	if res.ExitCode != 1 || res.Outputs["outcome"] != "refused" {
		t.Fatalf("%s: exit %d outputs %v, want a refusal\n%s\n%s", what, res.ExitCode, res.Outputs, res.Stdout, res.Stderr)
	}
	out := res.Stdout + res.Stderr
	for _, want := range []string{"the policies deny the plan of dev: local.db.deny denies: localcloud_sql_instance.db: a new database in dev needs the db-approved label (policy/db.rego:3); nothing was applied",
		"::error file=policy/db.rego,line=3,"} {
		if !strings.Contains(out, want) {
			t.Errorf("%s: the refusal lacks %q:\n%s", what, want, out)
		}
	}
	if !strings.Contains(res.Summary, "| deny | `local.db.deny` | `policy/db.rego:3` |") {
		t.Errorf("%s: the summary lacks the denial:\n%s", what, res.Summary)
	}
	assertNoCanary(t, res)
}

func TestADenyPolicyRefusesTheDeployInPlanModeAndInApply(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	writePolicy(t, dir, "db.rego", dbPolicy)

	// Plan mode: refused before the approval, nothing saved.
	res := planJob(t, gh, dir, "dev", "")
	assertDenied(t, "plan mode", res)
	if files, _ := filepath.Glob(filepath.Join(dir, ".plans", "*")); len(files) != 0 || res.Outputs["plan-file"] != "" {
		t.Errorf("a denied plan was saved: %v", files)
	}
	assertNothingApplied(t, dir)

	// Apply mode, planning itself: refused, nothing applied.
	assertDenied(t, "apply", harness.Exec(t, deployRun(t, gh, dir, "dev", nil)))
	assertNothingApplied(t, dir)

	// A plan reviewed before the policy existed is judged again before
	// it is applied.
	if err := os.Rename(filepath.Join(dir, "policy"), filepath.Join(dir, "policy.later")); err != nil {
		t.Fatal(err)
	}
	planned := planJob(t, gh, dir, "dev", "")
	if planned.ExitCode != 0 || planned.Outputs["outcome"] != "planned" {
		t.Fatalf("plan without policies: exit %d outputs %v\n%s", planned.ExitCode, planned.Outputs, planned.Stderr)
	}
	if err := os.Rename(filepath.Join(dir, "policy.later"), filepath.Join(dir, "policy")); err != nil {
		t.Fatal(err)
	}
	assertDenied(t, "the reviewed plan", applyJob(t, gh, dir, "dev", planned.Outputs["plan-file"], planned.Outputs["plan-sha256"], ""))
	assertNothingApplied(t, dir)

	// The exception the rule reads: the label, given to the policies.
	r := deployRun(t, gh, dir, "dev", nil)
	r.Inputs["policy-labels"] = "db-approved, other"
	ok := harness.Exec(t, r)
	if ok.ExitCode != 0 || ok.Outputs["outcome"] != "applied" {
		t.Fatalf("with the label: exit %d outputs %v\n%s", ok.ExitCode, ok.Outputs, ok.Stderr)
	}
	if !strings.Contains(ok.Summary, "**Policies** (`policy`, 1 rule(s)): passed.") {
		t.Errorf("the summary does not say the policies passed:\n%s", ok.Summary)
	}
}

func TestAMalformedPolicyStopsTheDeployBeforeTerraform(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	writePolicy(t, dir, "bad.rego", "package bad\n\ndeny contains msg if {\n  msg := concat(\", \", [input.a,\n}\n")
	res := harness.Exec(t, deployRun(t, gh, dir, "dev", nil))
	if res.ExitCode != 2 || !strings.Contains(res.Stdout, "::error file=policy/bad.rego,line=5,") || !strings.Contains(res.Stdout+res.Stderr, "input policy-path") {
		t.Fatalf("exit %d, want 2 naming the input, file and line\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	assertNothingApplied(t, dir)
}
