package release

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// onTags reports whether a workflow runs for pushed tags.
func (w *pWorkflow) onTags() bool {
	on, _ := w.On.(map[string]any)
	push, _ := on["push"].(map[string]any)
	_, ok := push["tags"]
	return ok
}

var (
	onMainRE   = regexp.MustCompile(`git merge-base --is-ancestor\s+"?\$\{?GITHUB_SHA\}?"?\s+\S*origin/main\b`)
	publishRun = []string{"git push", "git tag", "gh release", "cosign sign", "docker push"}
)

// publishes says what a step publishes or moves, if anything: an image
// pushed, a tag moved or pushed, a signature, a GitHub release.
func (s pStep) publishes() string {
	if strings.HasPrefix(s.Uses, "docker/build-push-action@") && s.With["push"] == "true" {
		return s.Uses + " push: true"
	}
	for _, p := range publishRun {
		if strings.Contains(s.Run, p) {
			return p
		}
	}
	return ""
}

// checksMain is the index of the step that checks the tagged commit is on
// main, or -1.
func (j pJob) checksMain() int {
	return slices.IndexFunc(j.Steps, func(s pStep) bool { return onMainRE.MatchString(s.Run) })
}

// releaseProblems: a workflow that runs for pushed tags publishes nothing
// (image, signature, tags, v1, GitHub release) for a tag whose commit is
// not on main: the job checks it, with the history to (fetch-depth: 0),
// before its first publishing step, or needs a job that did.
func releaseProblems(file string, w *pWorkflow) []string {
	if !w.onTags() {
		return nil
	}
	var visit func(name string, seen map[string]bool) bool
	visit = func(name string, seen map[string]bool) bool {
		if seen[name] {
			return false
		}
		seen[name] = true
		j := w.Jobs[name]
		if c := j.checksMain(); c >= 0 {
			return true
		}
		for _, n := range j.needs() {
			if visit(n, seen) {
				return true
			}
		}
		return false
	}
	var out []string
	for _, name := range sortedJobs(w) {
		j := w.Jobs[name]
		r := ref{file: file, name: name, w: w, j: j}
		first, what := -1, ""
		for i, s := range j.Steps {
			if p := s.publishes(); p != "" && !onMainRE.MatchString(s.Run) {
				first, what = i, p
				break
			}
		}
		c := j.checksMain()
		if c >= 0 {
			co := slices.IndexFunc(j.Steps, func(s pStep) bool { return strings.HasPrefix(s.Uses, checkoutAction) })
			if co < 0 || co > c || j.Steps[co].With["fetch-depth"] != "0" {
				out = append(out, fmt.Sprintf("%s: checks the tag against main without main's history: check out with fetch-depth: 0 first", r))
			}
		}
		switch {
		case first < 0:
		case c >= 0 && c < first:
		case c >= 0:
			out = append(out, fmt.Sprintf("%s: checks the tag against main only after it publishes (%s)", r, what))
		default:
			var needed bool
			for _, n := range j.needs() {
				needed = needed || visit(n, map[string]bool{})
			}
			if !needed {
				out = append(out, fmt.Sprintf(`%s: publishes (%s) without checking that the tag's commit is on main (git merge-base --is-ancestor "$GITHUB_SHA" origin/main): a tag pushed on any branch would be released and move the major tag`, r, what))
			}
		}
	}
	return out
}

// TestReleaseRulesCatchEachBreak: the release as it was (any v* tag
// published), a check that comes after the push, and one without history
// fail; a later job that needs the checked one passes.
func TestReleaseRulesCatchEachBreak(t *testing.T) {
	wf := func(steps string) map[string][]byte {
		return map[string][]byte{"release.yml": []byte(`
on:
  push:
    tags: ["v*"]
jobs:
  release:
    steps:
` + steps + `
  pin-operations:
    needs: release
    steps:
      - run: git push origin HEAD && gh pr create --base main
`)}
	}
	const (
		checkout      = "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n        with: { fetch-depth: 0 }\n"
		shallow       = "      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n"
		check         = "      - run: git merge-base --is-ancestor \"$GITHUB_SHA\" refs/remotes/origin/main || exit 1\n"
		push          = "      - uses: docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a\n        with: { push: true }\n"
		moveMajor     = "      - run: git tag -f -a v1 -m v1 && git push --force origin refs/tags/v1\n"
		publishedFrom = "release.yml: release: publishes (docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a push: true) without checking that the tag's commit is on main"
	)
	for _, tc := range []struct {
		name, steps string
		want        []string
	}{
		{"as it was", checkout + push + moveMajor, []string{publishedFrom, "release.yml: pin-operations: publishes (git push) without checking"}},
		{"checked too late", checkout + push + check + moveMajor, []string{"release.yml: release: checks the tag against main only after it publishes (docker/build-push-action@"}},
		{"no history", shallow + check + push + moveMajor, []string{"release.yml: release: checks the tag against main without main's history"}},
		{"fixed", checkout + check + push + moveMajor, nil},
	} {
		got := pipelineProblems(wf(tc.steps), Release{})
		joined := strings.Join(got, "\n")
		for _, want := range tc.want {
			if !strings.Contains(joined, want) {
				t.Errorf("%s: no problem %q in:\n%s", tc.name, want, joined)
			}
		}
		if tc.want == nil && len(got) > 0 {
			t.Errorf("%s: problems:\n%s", tc.name, joined)
		}
	}
}
