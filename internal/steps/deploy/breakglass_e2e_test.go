package deploy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

// Break glass leaves a record everywhere: beyond the first environment,
// without the promotion check or a deployment, it deploys, says so in the
// summary and opens an incident issue (the shared incident record
// drift-reconcile lists); from a laptop it writes the record to a file.
func TestBreakGlassLeavesAnIncidentRecord(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	r := deployRun(t, gh, dir, "staging", nil)
	r.Inputs["break-glass"] = "true"
	res := harness.Exec(t, r)
	if res.ExitCode != 0 || res.Outputs["outcome"] != "applied" {
		t.Fatalf("exit %d outputs %v\n%s", res.ExitCode, res.Outputs, res.Stderr)
	}
	if len(gh.Deployments()) != 0 {
		t.Errorf("a break-glass deploy recorded deployments %+v", gh.Deployments())
	}
	issues := gh.Issues()
	if len(issues) != 1 || issues[0].Title != "Break-glass deploy to staging" || len(issues[0].Labels) != 1 || issues[0].Labels[0].Name != "incident" {
		t.Fatalf("incident issues %+v", issues)
	}
	if !strings.Contains(res.Summary, "Break glass") || !strings.Contains(issues[0].Body, "octocat") {
		t.Errorf("summary:\n%s\nissue:\n%s", res.Summary, issues[0].Body)
	}
	assertNoCanary(t, res)

	// From a laptop, without GitHub: the record is a file.
	laptop := deployRun(t, nil, dir, "prod", nil)
	laptop.Local = true
	laptop.Inputs["break-glass"] = "true"
	lres := harness.Exec(t, laptop)
	if lres.ExitCode != 0 {
		t.Fatalf("laptop: exit %d\n%s", lres.ExitCode, lres.Stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "incident-prod-*.md"))
	if len(files) != 1 {
		t.Fatalf("incident files %v", files)
	}
	b, _ := os.ReadFile(files[0])
	if !strings.Contains(string(b), "Break-glass deploy to `prod`") || strings.Contains(string(b), canary) {
		t.Errorf("incident record:\n%s", b)
	}
}
