package release

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

var testRelease = Release{Image: testImage, Digest: testDigest, Tag: "v1.2.3"}

// operational reports whether a workflow only runs by hand or on a
// schedule: it operates production and never tests a change of this
// repository, so once a release exists it runs that, not its own commit.
func (w *pWorkflow) operational() bool {
	events := w.events()
	for _, e := range events {
		if e != "workflow_dispatch" && e != "schedule" {
			return false
		}
	}
	return len(events) > 0
}

// builds says what a job builds, if anything: make dist, a Go build or
// setup, a docker build, or a local action of ours (GitHub builds its
// Dockerfile when the job starts).
func (j pJob) builds() string {
	for _, s := range j.Steps {
		for _, b := range []string{"make dist", "go build", "docker build"} {
			if strings.Contains(s.Run, b) {
				return b
			}
		}
		if strings.HasPrefix(s.Uses, "actions/setup-go@") {
			return "actions/setup-go"
		}
		if name, how := s.ours(); how == "local" {
			return s.Uses + " (its Dockerfile, " + name + ")"
		}
	}
	return ""
}

// operationsProblems: an operational workflow with a release pinned runs
// exactly that image by digest in every step of ours, and no job builds
// anything or waits for another before its step (a rollback starts as soon
// as the runner has pulled the image); with none pinned, the job that
// builds says so on the run's page.
func operationsProblems(file string, w *pWorkflow, rel Release) []string {
	if !w.operational() {
		return nil
	}
	var out []string
	for _, name := range sortedJobs(w) {
		j := w.Jobs[name]
		r := ref{file: file, name: name, w: w, j: j}
		what := j.builds()
		if !rel.Pinned() {
			if slices.ContainsFunc(j.Steps, func(s pStep) bool { return strings.Contains(s.Run, "make dist") }) && !slices.ContainsFunc(j.Steps, func(s pStep) bool {
				return strings.Contains(s.Run, "::notice") && strings.Contains(s.Run, PinFile)
			}) {
				out = append(out, fmt.Sprintf("%s: builds the actions without saying so: with no release pinned in %s, say on the run's page (::notice) why it builds first", r, PinFile))
			}
			continue
		}
		if what != "" {
			out = append(out, fmt.Sprintf("%s: builds (%s) although %s pins release %s: an operational workflow runs docker://%s and builds nothing", r, what, PinFile, rel.Tag, rel.Ref()))
		}
		var runsOurs bool
		for _, s := range j.Steps {
			if step, how := s.ours(); how == "released" {
				runsOurs = true
				if s.Uses != "docker://"+rel.Ref() {
					out = append(out, fmt.Sprintf("%s: runs %s for %s, not the release pinned in %s (docker://%s, %s)", r, s.Uses, step, PinFile, rel.Ref(), rel.Tag))
				}
			}
		}
		if n := j.needs(); runsOurs && len(n) > 0 {
			out = append(out, fmt.Sprintf("%s: waits for job %s before its step starts: with release %s pinned, nothing runs before a rollback, recovery or check", r, strings.Join(n, ", "), rel.Tag))
		}
	}
	return out
}

func sortedJobs(w *pWorkflow) []string {
	names := make([]string, 0, len(w.Jobs))
	for n := range w.Jobs {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// actionInput is one input of an action.yml.
type actionInput struct {
	Required bool   `yaml:"required"`
	Default  string `yaml:"default"`
}

// releasedStepProblems: a step that runs the released image
// (docker://..., args: <step>) gets its inputs as INPUT_* from with: and
// nothing from actions/<step>/action.yml: every input it passes is one of
// the step's, every required one is given, and so is every input whose
// action.yml default is an expression only the runner evaluates
// (github-token: ${{ github.token }}): the binary cannot default to it.
func releasedStepProblems(r ref) []string {
	var out []string
	for _, s := range r.j.Steps {
		name, how := s.ours()
		if how != "released" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(root, "actions", name, "action.yml"))
		var def struct {
			Inputs map[string]actionInput `yaml:"inputs"`
		}
		if err == nil {
			err = yaml.Unmarshal(b, &def)
		}
		if err != nil {
			out = append(out, fmt.Sprintf("%s: runs step %s: %v", r, name, err))
			continue
		}
		for _, k := range sortedKeys(s.With) {
			if _, ok := def.Inputs[k]; !ok && k != "args" {
				out = append(out, fmt.Sprintf("%s: passes %s to %s, which has no such input", r, k, name))
			}
		}
		for _, k := range sortedKeys(def.Inputs) {
			in := def.Inputs[k]
			if _, given := s.With[k]; given {
				continue
			}
			switch {
			case in.Required:
				out = append(out, fmt.Sprintf("%s: runs %s without its required input %s", r, name, k))
			case strings.Contains(in.Default, "${{"):
				out = append(out, fmt.Sprintf("%s: runs %s from docker:// without %s: action.yml's default %s applies only to uses: ./actions/%s; pass it", r, name, k, in.Default, name))
			}
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestOperationalWorkflowsAreGenerated: the operational workflows are what
// their templates make for the release pinned in .github/released-image
// (go generate ./... writes them).
func TestOperationalWorkflowsAreGenerated(t *testing.T) {
	rel, err := ReadRelease(root)
	if err != nil {
		t.Fatal(err)
	}
	names := OperationalWorkflows()
	if !slices.Equal(names, []string{"data-refresh.yml", "drift.yml", "rollback.yml", "sql-recover.yml"}) {
		t.Errorf("operational workflows %v", names)
	}
	for _, name := range names {
		want, err := RenderWorkflow(name, rel)
		if err != nil {
			t.Fatal(err)
		}
		if got := read(t, filepath.Join(".github", "workflows", name)); got != string(want) {
			t.Errorf(".github/workflows/%s is not what internal/release/operations/%s makes for %s: run go generate ./...", name, name, PinFile)
		}
	}
	// Every workflow that only runs by hand or on a schedule is generated.
	for f, b := range readWorkflows(t) {
		var w pWorkflow
		if err := yaml.Unmarshal(b, &w); err != nil {
			t.Fatal(err)
		}
		if w.operational() != slices.Contains(names, f) {
			t.Errorf("%s: operational %v, generated %v", f, w.operational(), slices.Contains(names, f))
		}
	}
	if b := read(t, PinFile); rel.Pinned() != strings.Contains(b, "@sha256:") {
		t.Errorf("%s reads as %+v:\n%s", PinFile, rel, b)
	}
}

// released are the repository's workflows with the operational ones
// rendered for testRelease.
func released(t *testing.T) map[string][]byte {
	t.Helper()
	files := readWorkflows(t)
	for _, name := range OperationalWorkflows() {
		b, err := RenderWorkflow(name, testRelease)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = b
	}
	return files
}

// TestReleasedOperationsFollowTheRules: once a release is pinned, the
// operational workflows run its image by digest with no build job and
// nothing before their step; they pass the rules and actionlint.
func TestReleasedOperationsFollowTheRules(t *testing.T) {
	files := released(t)
	if p := pipelineProblems(files, testRelease); len(p) > 0 {
		t.Errorf("the released operational workflows break the pipeline's rules:\n%s", strings.Join(p, "\n"))
	}
	for _, name := range OperationalWorkflows() {
		var w pWorkflow
		if err := yaml.Unmarshal(files[name], &w); err != nil {
			t.Fatal(err)
		}
		if len(w.Jobs) != 1 || bytes.Contains(files[name], []byte("make dist")) || bytes.Contains(files[name], []byte("./actions/")) {
			t.Errorf("%s released: jobs %v, or it still builds:\n%s", name, sortedJobs(&w), files[name])
		}
		if n := bytes.Count(files[name], []byte("uses: docker://"+testRelease.Ref()+" # v1.2.3\n")); n != 1 {
			t.Errorf("%s released runs the release in %d steps, want 1", name, n)
		}
	}
	if p := workflowProblems(files["rollback.yml"]); len(p) > 0 {
		t.Errorf("rollback.yml released: %s", strings.Join(p, "\n"))
	}
	// actionlint, from a copy of the repository's workflows and actions.
	dir := t.TempDir()
	for f, b := range files {
		write(t, filepath.Join(dir, ".github", "workflows", f), b)
	}
	actions, _ := ActionFiles(root)
	for _, a := range append(actions, filepath.Join(root, "Dockerfile")) {
		rel, _ := filepath.Rel(root, a)
		write(t, filepath.Join(dir, rel), []byte(read(t, rel)))
	}
	if out, err := exec.Command("git", "init", "-q", dir).CombinedOutput(); err != nil {
		t.Fatalf("git init: %v\n%s", err, out)
	}
	cmd := exec.Command(actionlint(t), "-no-color")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("actionlint on the released workflows: %v\n%s", err, out)
	}
}

// TestOperationsRulesCatchEachBreak: each rule of the operational
// workflows fails on a workflow that breaks it.
func TestOperationsRulesCatchEachBreak(t *testing.T) {
	unpinned := map[string][]byte{}
	for _, name := range OperationalWorkflows() {
		b, err := RenderWorkflow(name, Release{})
		if err != nil {
			t.Fatal(err)
		}
		unpinned[name] = b
	}
	other := testRelease
	other.Digest = "sha256:" + strings.Repeat("f", 64)
	otherRollback, err := RenderWorkflow("rollback.yml", other)
	if err != nil {
		t.Fatal(err)
	}
	silent := bytes.ReplaceAll(unpinned["drift.yml"], []byte("::notice"), []byte("::debug"))
	forgetful := `
on: { workflow_dispatch: {} }
jobs:
  rollback:
    environment: { name: prod, deployment: false }
    concurrency: { group: rollback-prod }
    steps:
      - uses: docker://` + testRelease.Ref() + `
        with:
          args: traffic-rollback
          service: olympus-api
          revison: olympus-api-00041
`
	for _, tc := range []struct {
		name  string
		files map[string][]byte
		rel   Release
		want  []string
	}{
		{"the workflows of today once a release is pinned", unpinned, testRelease, []string{
			"rollback.yml: build: builds (actions/setup-go) although .github/released-image pins release v1.2.3: an operational workflow runs docker://" + testRelease.Ref(),
			"rollback.yml: rollback: builds (./actions/traffic-rollback (its Dockerfile, traffic-rollback))",
			"sql-recover.yml: recover: builds (./actions/sql-recover",
			"drift.yml: build: builds (actions/setup-go)",
		}},
		{"another digest", map[string][]byte{"rollback.yml": otherRollback}, testRelease, []string{
			"rollback.yml: rollback: runs docker://" + other.Ref() + " for traffic-rollback, not the release pinned in .github/released-image (docker://" + testRelease.Ref() + ", v1.2.3)",
		}},
		{"a build that does not say why", map[string][]byte{"drift.yml": silent}, Release{}, []string{
			"drift.yml: build: builds the actions without saying so",
		}},
		{"the released image without what action.yml gave", map[string][]byte{"rollback.yml": []byte(forgetful)}, testRelease, []string{
			"rollback.yml: rollback: passes revison to traffic-rollback, which has no such input",
			"rollback.yml: rollback: runs traffic-rollback without its required input project",
			"rollback.yml: rollback: runs traffic-rollback from docker:// without github-token: action.yml's default ${{ github.token }} applies only to uses: ./actions/traffic-rollback; pass it",
		}},
	} {
		got := strings.Join(pipelineProblems(tc.files, tc.rel), "\n")
		for _, want := range tc.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s: no problem %q in:\n%s", tc.name, want, got)
			}
		}
	}
	// The waiting rule, alone: a released rollback that still needs a job.
	var w pWorkflow
	yaml.Unmarshal(otherRollback, &w)
	j := w.Jobs["rollback"]
	j.Needs = "approve"
	w.Jobs["rollback"] = j
	w.Jobs["approve"] = pJob{}
	if got := strings.Join(operationsProblems("rollback.yml", &w, other), "\n"); !strings.Contains(got, "rollback.yml: rollback: waits for job approve before its step starts") {
		t.Errorf("no waiting problem in:\n%s", got)
	}
}

func TestReleasePinFile(t *testing.T) {
	if r, err := ParseRelease(Release{}.Format()); err != nil || r.Pinned() {
		t.Errorf("empty pin file: %+v, %v", r, err)
	}
	if r, err := ParseRelease(testRelease.Format()); err != nil || r != testRelease {
		t.Errorf("pin file of %+v reads as %+v, %v", testRelease, r, err)
	}
	for _, tc := range []struct{ file, want string }{
		{testRelease.Ref() + "\n", "want \"<image>@sha256:<digest> <tag>\""},
		{testImage + ":v1 v1.2.3\n", "want \"<image>@sha256:<digest> <tag>\""},
		{testImage + "@sha256:abc v1.2.3\n", `digest "sha256:abc": want sha256: and 64 hex digits`},
		{testRelease.Ref() + " 1.2.3\n", `tag "1.2.3": want a release tag vMAJOR.MINOR.PATCH`},
		{"GHCR.io/x@" + testDigest + " v1.2.3\n", `image "GHCR.io/x": want a repository without tag or digest`},
		{testRelease.Ref() + " v1.2.3\n" + testRelease.Ref() + " v1.2.4\n", "2 release lines, want at most one"},
	} {
		if _, err := ParseRelease([]byte(tc.file)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseRelease(%q) = %v, want %q", tc.file, err, tc.want)
		}
	}
}

// TestWriteOperationsPinsEveryOperationalWorkflow: pin-workflows writes
// the pin file and the three workflows, and refuses a bad release before
// writing anything.
func TestWriteOperationsPinsEveryOperationalWorkflow(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".github", "workflows"), 0o755); err != nil {
		t.Fatal(err)
	}
	bad := testRelease
	bad.Tag = "latest"
	if _, err := WriteOperations(dir, bad); err == nil {
		t.Error("a bad release was pinned")
	}
	if entries, _ := os.ReadDir(filepath.Join(dir, ".github", "workflows")); len(entries) > 0 {
		t.Errorf("a refused release wrote %v", entries)
	}
	files, err := WriteOperations(dir, testRelease)
	if err != nil || len(files) != 1+len(OperationalWorkflows()) {
		t.Fatalf("wrote %v, %v", files, err)
	}
	if r, err := ReadRelease(dir); err != nil || r != testRelease {
		t.Errorf("pinned %+v, %v", r, err)
	}
	for _, name := range OperationalWorkflows() {
		b, _ := os.ReadFile(filepath.Join(dir, ".github", "workflows", name))
		if !bytes.Contains(b, []byte("uses: docker://"+testRelease.Ref())) {
			t.Errorf("%s does not run the release:\n%s", name, b)
		}
	}
}

func write(t *testing.T, p string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
