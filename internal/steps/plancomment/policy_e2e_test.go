package plancomment_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

// writePolicies puts policy files into the workspace's policy/, the
// default policy-path.
func writePolicies(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, "policy", name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// The local example creates a localcloud_sql_instance and a
// localcloud_service; these rules judge them.
const dbPolicy = `package local.db

# A new database needs the db-approved label, read by the rule itself.
deny contains msg if {
	some rc in input.resource_changes
	rc.type == "localcloud_sql_instance"
	"create" in rc.change.actions
	not "db-approved" in data.olympus.labels
	msg := sprintf("%s: a new database in %s needs the db-approved label", [rc.address, data.olympus.environment])
}
`

const servicePolicy = `package local.service

warn_debug contains msg if {
	some rc in input.resource_changes
	rc.type == "localcloud_service"
	rc.change.after.env.LOG_LEVEL == "debug"
	msg := sprintf("%s logs at debug in %s (working directory %s)", [rc.address, data.olympus.environment, data.olympus.working_directory])
}
`

func TestPolicyDenialsAndWarningsInTheEnvironmentsSection(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	writePolicies(t, dir, map[string]string{"db.rego": dbPolicy, "service.rego": servicePolicy})
	r := planRun(t, gh, dir, map[string]string{"policy-sarif-file": "policy.sarif"})
	res := harness.Exec(t, r)
	if res.ExitCode != 1 {
		t.Fatalf("a denied plan: exit %d, want 1\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if res.Outputs["policy-denials"] != "1" || res.Outputs["policy-warnings"] != "1" {
		t.Errorf("outputs %v", res.Outputs)
	}
	comments := gh.Comments(pr)
	if len(comments) != 1 {
		t.Fatalf("comments %+v", comments)
	}
	body := comments[0].Body
	section := harnessSection(t, body, "dev")
	for _, want := range []string{
		"#### Policies (`policy`): 1 denied, 1 warning(s)",
		"> **Denied by policy.**",
		"> - localcloud_sql_instance.db: a new database in dev needs the db-approved label — `local.db.deny` in `policy/db.rego:4`",
		"- localcloud_service.api logs at debug in dev (working directory .) — `local.service.warn_debug` in `policy/service.rego:3`",
	} {
		if !strings.Contains(section, want) {
			t.Errorf("the dev section lacks %q:\n%s", want, section)
		}
	}
	if strings.Index(section, "Denied by policy") > strings.Index(section, "Warnings:") {
		t.Errorf("warnings come before denials:\n%s", section)
	}
	if !strings.Contains(res.Stdout+res.Stderr, "the policies deny the plan 1 time(s): dev: localcloud_sql_instance.db: a new database in dev needs the db-approved label (local.db.deny, policy/db.rego:4)") {
		t.Errorf("the refusal does not name the rule:\n%s", res.Stdout+res.Stderr)
	}
	if !strings.Contains(res.Stdout, "::error file=policy/db.rego,line=4,title=olympus%3A policy denies the plan of dev (local.db.deny)::") ||
		!strings.Contains(res.Stdout, "::warning file=policy/service.rego,line=3,") {
		t.Errorf("no annotations at the rules:\n%s", res.Stdout)
	}
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Level     string `json:"level"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "policy.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &log); err != nil || len(log.Runs) != 1 || len(log.Runs[0].Results) != 2 {
		t.Fatalf("SARIF %v:\n%s", err, b)
	}
	first := log.Runs[0].Results[0]
	if first.RuleID != "local.db.deny" || first.Level != "error" || first.Locations[0].PhysicalLocation.ArtifactLocation.URI != "policy/db.rego" || first.Locations[0].PhysicalLocation.Region.StartLine != 4 {
		t.Errorf("SARIF result %+v", first)
	}
	assertNoCanary(t, res, gh)

	// The exception the rule reads itself: the label on the pull request.
	r = planRun(t, gh, dir, nil)
	r.Event = harness.PullRequest(pr, "db-approved")
	res = harness.Exec(t, r)
	if res.ExitCode != 0 || res.Outputs["policy-denials"] != "0" || res.Outputs["policy-warnings"] != "1" {
		t.Fatalf("with the label: exit %d outputs %v\n%s", res.ExitCode, res.Outputs, res.Stderr)
	}
	if section := harnessSection(t, gh.Comments(pr)[0].Body, "dev"); strings.Contains(section, "Denied") || !strings.Contains(section, "0 denied, 1 warning(s)") {
		t.Errorf("with the label, the section:\n%s", section)
	}
}

// harnessSection is one environment's section of a comment body.
func harnessSection(t *testing.T, body, env string) string {
	t.Helper()
	start := strings.Index(body, "<!-- olympus:env "+env+" -->")
	end := strings.Index(body, "<!-- olympus:end "+env+" -->")
	if start < 0 || end < start {
		t.Fatalf("no %s section in:\n%s", env, body)
	}
	return body[start:end]
}

func TestPoliciesNeverSeeTheCanary(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	// A policy that hunts for the secret everywhere in its input, and one
	// that says its whole input: neither finds nor says the canary.
	writePolicies(t, dir, map[string]string{"leak.rego": `package leak

deny contains "the canary reached the policies" if {
	contains(json.marshal(input), "` + canary + `")
}

deny contains "the canary reached the policies' data" if {
	contains(json.marshal(data.olympus), "` + canary + `")
}

warn contains json.marshal(input) if { true }

warn contains sprintf("api_key is %s; API_KEY is %s", [input.variables.api_key.value, rc.change.after.env.API_KEY]) if {
	some rc in input.resource_changes
	rc.type == "localcloud_service"
}
`})
	res := harness.Exec(t, planRun(t, gh, dir, nil))
	if res.ExitCode != 0 || res.Outputs["policy-denials"] != "0" || res.Outputs["policy-warnings"] != "2" {
		t.Fatalf("exit %d outputs %v\n%s\n%s", res.ExitCode, res.Outputs, res.Stdout, res.Stderr)
	}
	if !strings.Contains(gh.Comments(pr)[0].Body, "api_key is (sensitive); API_KEY is (sensitive)") {
		t.Errorf("the comment does not show the policy saw the secrets as (sensitive):\n%s", gh.Comments(pr)[0].Body)
	}
	assertNoCanary(t, res, gh)
}

func TestAMalformedPolicyIsBadInputNamingFileAndLine(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	writePolicies(t, dir, map[string]string{"ok.rego": servicePolicy, "nested/bad.rego": "package bad\n\ndeny contains msg if {\n  msg := sprintf(\"%s\", [input.x]\n}\n"})
	res := harness.Exec(t, planRun(t, gh, dir, nil))
	if res.ExitCode != 2 {
		t.Fatalf("exit %d, want 2\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if !strings.Contains(res.Stdout, "::error file=policy/nested/bad.rego,line=5,") || !strings.Contains(res.Stdout+res.Stderr, "input policy-path") {
		t.Errorf("the error does not name the input, the file and the line:\n%s\n%s", res.Stdout, res.Stderr)
	}
	if len(gh.Comments(pr)) != 0 {
		t.Error("a comment was written for a run with a malformed policy")
	}
}
