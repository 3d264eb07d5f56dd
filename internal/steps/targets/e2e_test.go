package targets

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/gitrepo"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

func TestMain(m *testing.M) { harness.Main(m) }

func pullRequest(base string) harness.Event {
	return harness.Event{Name: "pull_request", Payload: map[string]any{
		"action": "synchronize", "number": 7,
		"pull_request": map[string]any{"number": 7, "base": map[string]any{"ref": "main", "sha": base}, "head": map[string]any{"ref": "feature"}},
	}}
}

func matrixOf(t *testing.T, s string) []string {
	t.Helper()
	var m struct {
		Include []map[string]string `json:"include"`
	}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("matrix %q: %v", s, err)
	}
	out := []string{}
	for _, e := range m.Include {
		out = append(out, e["project"]+"|"+e["working-directory"]+"|"+e["environment"]+"|"+e["engine"])
	}
	return out
}

// As GitHub runs it on a pull request: the base comes from the event, the
// matrix is an output the runner accepts, and file names from the pull
// request (\r, ::) print as text and never as workflow commands, in the
// log, the annotations and the summary.
func TestPullRequestAsGitHubRunsIt(t *testing.T) {
	dir := fixture(t)
	hostileRoot := "evil\r::warning::rooted"
	gitrepo.Write(t, dir, hostileRoot+"/main.tf", "resource \"x\" \"y\" {}\n")
	gitrepo.Write(t, dir, hostileRoot+"/environments/dev/backend.tfbackend", "prefix = \"evil\"\n")
	base := commitAll(t, dir, "with a hostile root")
	gitrepo.Git(t, dir, "rm", "-rq", "--", hostileRoot)
	gitrepo.Write(t, dir, "services/web/templates/a\r::warning::injected-x.tpl", "x\n")
	gitrepo.Write(t, dir, "services/web/::error::injected-y.sh", "y\n")
	appendTo(t, dir, "modules/net/main.tf", "# more\n")
	commitAll(t, dir, "the pull request")
	// actions/checkout checks out the merge commit: the head is HEAD.
	res := harness.Exec(t, harness.Run{Step: "targets", Dir: dir, Event: pullRequest(base)})
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	want := []string{"services/api|services/api|dev|terraform", "services/api|services/api|staging|terraform", "services/api|services/api|prod|terraform",
		"services/web|services/web|dev|terraform", "services/web|services/web|prod|terraform"}
	if diff := cmp.Diff(want, matrixOf(t, res.Outputs["matrix"])); diff != "" {
		t.Errorf("matrix (-want +got):\n%s", diff)
	}
	if res.Outputs["count"] != "5" || res.Outputs["base"] != base || !strings.Contains(res.Outputs["projects"], `"environments":"dev,staging,prod"`) {
		t.Errorf("outputs %v", res.Outputs)
	}
	var removed []map[string]any
	if err := json.Unmarshal([]byte(res.Outputs["removed"]), &removed); err != nil || len(removed) != 1 || removed[0]["working-directory"] != hostileRoot {
		t.Errorf("removed %s (%v)", res.Outputs["removed"], err)
	}
	log := res.Log()
	if log.Failed || log.StopToken != "" {
		t.Errorf("job log: failed %v, stopped by %q", log.Failed, log.StopToken)
	}
	for _, c := range log.Commands {
		if strings.Contains(c.Data, "injected") || strings.Contains(c.Data, "rooted") && !strings.HasPrefix(c.Data, "services") && c.Name != "warning" {
			t.Errorf("a file name issued %+v", c)
		}
	}
	warnings := 0
	for _, a := range log.Annotations {
		if strings.Contains(a.Message, "injected") {
			t.Errorf("a file name made an annotation: %+v", a)
		}
		if a.Type == "warning" {
			warnings++
			if !strings.Contains(a.Properties["title"], "no longer planned") || !strings.Contains(a.Message, "::warning::rooted") {
				t.Errorf("the removed root's warning: %+v", a)
			}
		}
	}
	if warnings != 1 {
		t.Errorf("%d warnings, want the removed root's: %+v", warnings, log.Annotations)
	}
	if !log.Contains("file=services/web/::error::injected-y.sh") {
		t.Errorf("the targets are not in the log:\n%s", strings.Join(log.Lines, "\n"))
	}
	if strings.Contains(res.Summary, "\r") || !strings.Contains(res.Summary, "`services/web/templates/a ::warning::injected-x.tpl`") ||
		!strings.Contains(res.Summary, "| `evil ::warning::rooted` | dev | deleted |") {
		t.Errorf("summary:\n%q", res.Summary)
	}
}

// A malformed olympus.yaml is bad input: exit 2 at file:line, annotated
// on its line, and no output.
func TestMalformedConfigExits2(t *testing.T) {
	dir := fixture(t)
	gitrepo.Write(t, dir, "olympus.yaml", "version: 1\nprojects:\n  - dir: services/*\n    enviroments: [dev]\n")
	commitAll(t, dir, "config")
	res := harness.Exec(t, harness.Run{Step: "targets", Dir: dir, Inputs: map[string]string{"base": "HEAD~1"}})
	if res.ExitCode != 2 {
		t.Fatalf("exit %d, want 2\n%s", res.ExitCode, res.Stdout)
	}
	if len(res.Outputs) != 0 {
		t.Errorf("outputs were set: %v", res.Outputs)
	}
	log := res.Log()
	found := false
	for _, a := range log.Annotations {
		if a.Type == "error" && a.Properties["file"] == "olympus.yaml" && a.Properties["line"] == "4" && strings.Contains(a.Message, `unknown key "enviroments"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("no error annotation on olympus.yaml:4: %+v", log.Annotations)
	}
	if !log.Contains(`olympus.yaml:4:5: unknown key "enviroments" in projects[0]; did you mean "environments"?`) || !log.Contains("input config") {
		t.Errorf("log:\n%s", strings.Join(log.Lines, "\n"))
	}
}

// Bad input exits 2 naming the input, the value and the fix, and sets
// nothing.
func TestBadInputExits2(t *testing.T) {
	dir := fixture(t)
	notGit := t.TempDir()
	os.MkdirAll(filepath.Join(notGit, "x"), 0o755)
	tests := []struct {
		name   string
		dir    string
		inputs map[string]string
		want   []string
	}{
		{"unknown base", dir, map[string]string{"base": "origin/nosuch"}, []string{"input base", `"origin/nosuch"`, "base: all"}},
		{"unknown head", dir, map[string]string{"head": "nosuch"}, []string{"input head", `"nosuch"`}},
		{"not a clone", notGit, map[string]string{"base": "all"}, []string{"input working-directory", "actions/checkout"}},
		{"environment not in the order", dir, map[string]string{"environments": "qa"}, []string{"input environments", `"qa"`, "promotion-order"}},
		{"max-targets over GitHub's limit", dir, map[string]string{"max-targets": "300"}, []string{"input max-targets", "256"}},
		{"config that is not there", dir, map[string]string{"config": "infra/olympus.yaml", "base": "all"}, []string{"input config", `"infra/olympus.yaml"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := harness.Exec(t, harness.Run{Step: "targets", Dir: tt.dir, Inputs: tt.inputs})
			if res.ExitCode != 2 {
				t.Fatalf("exit %d, want 2\n%s", res.ExitCode, res.Stdout)
			}
			if len(res.Outputs) != 0 {
				t.Errorf("outputs were set: %v", res.Outputs)
			}
			for _, w := range tt.want {
				if !res.Log().Contains(w) {
					t.Errorf("the log lacks %q:\n%s", w, strings.Join(res.Log().Lines, "\n"))
				}
			}
		})
	}
}

// A project whose directory a workflow would run as code, or more targets
// than one matrix holds: the step fails, sets no matrix, and says why.
func TestNoMatrixWhenRefused(t *testing.T) {
	dir := fixture(t)
	gitrepo.Write(t, dir, "svc/$(id)/main.tf", "resource \"x\" \"y\" {}\n")
	gitrepo.Write(t, dir, "svc/$(id)/environments/dev/backend.tfbackend", "prefix = \"x\"\n")
	commitAll(t, dir, "a hostile directory")
	res := harness.Exec(t, harness.Run{Step: "targets", Dir: dir, Inputs: map[string]string{"base": "HEAD~1"}})
	if res.ExitCode != 1 || res.Outputs["matrix"] != "" || res.Outputs["count"] != "1" || !strings.Contains(res.Summary, "which a workflow would run as code") {
		t.Errorf("exit %d, outputs %v\n%s", res.ExitCode, res.Outputs, res.Summary)
	}

	res = harness.Exec(t, harness.Run{Step: "targets", Dir: dir, Inputs: map[string]string{"base": "all", "max-targets": "3", "working-directory": "services"}})
	if res.ExitCode != 1 || res.Outputs["matrix"] != "" || res.Outputs["count"] != "5" || !strings.Contains(res.Summary, "more than max-targets (3") ||
		strings.Count(res.Summary, "| all: ") != 5 {
		t.Errorf("exit %d, outputs %v\n%s", res.ExitCode, res.Outputs, res.Summary)
	}
}

// Other events: a push compares with the commit before it; a dispatch
// plans every project.
func TestEvents(t *testing.T) {
	dir := fixture(t)
	before := gitrepo.Git(t, dir, "rev-parse", "HEAD")
	appendTo(t, dir, "network/main.tf", "# more\n")
	after := commitAll(t, dir, "push")
	push := harness.Push("refs/heads/main", after)
	push.Payload["before"] = before
	res := harness.Exec(t, harness.Run{Step: "targets", Dir: dir, Event: push, SHA: after})
	if diff := cmp.Diff([]string{"network|network|dev|terraform", "network|network|staging|terraform", "network|network|prod|terraform"}, matrixOf(t, res.Outputs["matrix"])); diff != "" || res.ExitCode != 0 {
		t.Errorf("push: exit %d, matrix (-want +got):\n%s", res.ExitCode, diff)
	}
	res = harness.Exec(t, harness.Run{Step: "targets", Dir: dir, Event: harness.WorkflowDispatch("refs/heads/main", nil)})
	if res.ExitCode != 0 || res.Outputs["count"] != "8" || res.Outputs["base"] != "all" || !strings.Contains(res.Summary, "a workflow_dispatch event: every project") {
		t.Errorf("dispatch: exit %d, outputs %v\n%s", res.ExitCode, res.Outputs, res.Summary)
	}
}
