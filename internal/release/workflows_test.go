package release

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func workflows(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.y*ml"))
	if len(files) == 0 {
		t.Fatal("no workflows")
	}
	return files
}

// actionlint is the pinned one make test installs (OLYMPUS_ACTIONLINT).
func actionlint(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("OLYMPUS_ACTIONLINT"); p != "" {
		return p
	}
	home, _ := os.UserHomeDir()
	p := filepath.Join(home, ".cache", "olympus-deploy-actions", "tools", "actionlint-v1.7.12-stripped", "actionlint")
	if _, err := os.Stat(p); err != nil {
		t.Fatal("actionlint v1.7.12 is not installed: run `make test`, or `bash scripts/install-tool.sh actionlint` and set OLYMPUS_ACTIONLINT")
	}
	return p
}

func TestActionlintFindsNothing(t *testing.T) {
	// Run from the repository root, where actionlint also reads the local
	// actions' action.yml to check their inputs.
	var rel []string
	for _, f := range workflows(t) {
		r, _ := filepath.Rel(root, f)
		rel = append(rel, r)
	}
	cmd := exec.Command(actionlint(t), append([]string{"-no-color"}, rel...)...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("actionlint: %v\n%s", err, out)
	}
}

type workflow struct {
	Permissions any            `yaml:"permissions"`
	Jobs        map[string]job `yaml:"jobs"`
}

type job struct {
	Permissions any    `yaml:"permissions"`
	Environment any    `yaml:"environment"`
	Steps       []step `yaml:"steps"`
}

type step struct {
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
}

var (
	stepWritable    = []string{"id-token", "pull-requests", "deployments", "security-events", "issues"}
	releaseWritable = []string{"contents", "packages", "id-token", "attestations"}
)

var (
	pinned    = regexp.MustCompile(`^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$`)
	byDigest  = regexp.MustCompile(`^docker://[^@\s]+@sha256:[0-9a-f]{64}$`)
	injection = regexp.MustCompile(`\$\{\{\s*github\.event\.`)
)

// workflowProblems lists the rule breaks of one workflow: third-party
// actions pinned by commit SHA, permissions declared at the top (none) and
// per job (no write-all), no event data in run scripts, and no JSON
// service account keys. The pipeline's own rules (concurrency, reviewed
// plans, deployments, identities) are pipelineProblems'.
//
// The scopes a job may write are the steps' (writable); the release
// workflow passes releaseWritable, since it pushes the image, the release
// commit and the tags.
func workflowProblems(src []byte, writable ...string) []string {
	if len(writable) == 0 {
		writable = stepWritable
	}
	var w workflow
	if err := yaml.Unmarshal(src, &w); err != nil {
		return []string{"not YAML: " + err.Error()}
	}
	var out []string
	if w.Permissions == nil {
		out = append(out, "no top-level permissions")
	} else if m, ok := w.Permissions.(map[string]any); !ok || len(m) > 0 {
		out = append(out, fmt.Sprintf("top-level permissions %v: grant per job, {} at the top", w.Permissions))
	}
	names := make([]string, 0, len(w.Jobs))
	for n := range w.Jobs {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		j := w.Jobs[name]
		perms, ok := j.Permissions.(map[string]any)
		if !ok {
			out = append(out, name+": permissions must be a map of scopes")
		}
		for scope, level := range perms {
			if level == "write" && !slices.Contains(writable, scope) {
				out = append(out, fmt.Sprintf("%s: %s: write is more than these steps need", name, scope))
			}
		}
		for _, s := range j.Steps {
			switch {
			case s.Uses == "" || strings.HasPrefix(s.Uses, "./"):
			case strings.HasPrefix(s.Uses, "docker://"):
				if !byDigest.MatchString(s.Uses) {
					out = append(out, fmt.Sprintf("%s: %q is not pinned to an image digest (docker://image@sha256:...)", name, s.Uses))
				}
			case !pinned.MatchString(s.Uses):
				out = append(out, fmt.Sprintf("%s: %q is not pinned to a full commit SHA", name, s.Uses))
			}
			if injection.MatchString(s.Run) {
				out = append(out, fmt.Sprintf("%s: a run script expands ${{ github.event.* }}: pass it through env instead", name))
			}
			if _, ok := s.With["credentials_json"]; ok {
				out = append(out, name+": a JSON service account key; use Workload Identity Federation")
			}
		}
	}
	return out
}

func TestWorkflowsFollowOurRules(t *testing.T) {
	for _, f := range workflows(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		writable := stepWritable
		if filepath.Base(f) == "release.yml" {
			writable = releaseWritable
		}
		if p := workflowProblems(b, writable...); len(p) > 0 {
			t.Errorf("%s:\n%s", filepath.Base(f), strings.Join(p, "\n"))
		}
	}
}

// TestWorkflowRulesCatchEachBreak: every rule fails on a workflow that
// breaks it.
func TestWorkflowRulesCatchEachBreak(t *testing.T) {
	bad := `
permissions: write-all
jobs:
  deploy:
    environment: prod
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@v4
      - uses: docker://alpine:3
      - run: echo "${{ github.event.pull_request.title }}"
      - uses: google-github-actions/auth@ba79af03959ebeac9769e648f473a284504d9193
        with:
          credentials_json: ${{ secrets.KEY }}
      - uses: ./actions/deploy
`
	got := strings.Join(workflowProblems([]byte(bad)), "\n")
	for _, want := range []string{"top-level permissions write-all", "contents: write is more", `"actions/checkout@v4" is not pinned`, `"docker://alpine:3" is not pinned to an image digest`,
		"expands ${{ github.event.* }}", "JSON service account key"} {
		if !strings.Contains(got, want) {
			t.Errorf("no problem %q in:\n%s", want, got)
		}
	}
}

// TestSQLRecoverWorkflow: recovery runs only by hand, in the environment
// chosen (so prod's approval applies), with Workload Identity, and passes
// the operator's inputs to the step.
func TestSQLRecoverWorkflow(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, ".github", "workflows", "sql-recover.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var w struct {
		On map[string]struct {
			Inputs map[string]struct {
				Required bool `yaml:"required"`
			} `yaml:"inputs"`
		} `yaml:"on"`
		Jobs map[string]job `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	if len(w.On) != 1 || len(w.On["workflow_dispatch"].Inputs) == 0 {
		t.Fatalf("triggers %v, want workflow_dispatch only", w.On)
	}
	for _, in := range []string{"environment", "instance", "point-in-time", "reason"} {
		if !w.On["workflow_dispatch"].Inputs[in].Required {
			t.Errorf("input %s is missing or not required", in)
		}
	}
	j, ok := w.Jobs["recover"]
	if env, _ := (pJob{Environment: j.Environment}).environment(); !ok || env != "${{ inputs.environment }}" {
		t.Fatalf("the recover job does not run in the chosen environment: %+v", j)
	}
	var auth, recover bool
	for _, s := range j.Steps {
		if strings.HasPrefix(s.Uses, "google-github-actions/auth@") && s.With["workload_identity_provider"] != "" {
			auth = true
		}
		if name, _ := (pStep{Uses: s.Uses, With: s.With}).ours(); name == "sql-recover" && s.With["point-in-time"] == "${{ inputs.point-in-time }}" &&
			s.With["reason"] == "${{ inputs.reason }}" && s.With["instance"] == "${{ inputs.instance }}" {
			recover = auth // after the credentials
		}
	}
	if !recover {
		t.Errorf("no Workload Identity auth followed by the sql-recover step with the dispatch inputs")
	}
}
