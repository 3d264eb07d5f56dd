package release

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// approvalWaitDays is how long GitHub lets a job wait for its
// environment's approval: "If a job is not approved within 30 days, it
// will automatically fail" (docs.github.com, Deploying with GitHub
// Actions, Using required reviews in workflows).
const approvalWaitDays = 30

// minRetentionDays keeps an artifact past the longest approval: the wait
// starts after the upload (the uploading job ends first), so the upload
// needs a day more than the wait.
const minRetentionDays = approvalWaitDays + 1

const uploadAction = "actions/upload-artifact@"

// gated reports whether a job may wait for an approval before its first
// step: its environment may be one the promotion order reviews (every one
// after the first, such as prod with its required reviewers). <env>-plan
// environments hold the plan identity's variables and no reviewers
// (terraform/README.md); an environment the test cannot tell counts as
// gated.
func (r ref) gated(order policy.Order) bool {
	env, _ := r.j.environment()
	if env == "" || strings.HasSuffix(env, "-plan") {
		return false
	}
	envs := r.values(env)
	if envs == nil {
		return true
	}
	return slices.ContainsFunc(envs, order.Reviewed)
}

// artifactProblems: an artifact that a job behind an approval downloads
// must still exist when the approval comes, so its upload in the same run
// keeps it minRetentionDays, for every event the job runs on. Otherwise a
// late approval fails with no plan (or no binaries) to apply.
func artifactProblems(file string, w *pWorkflow, order policy.Order) []string {
	var out []string
	for _, name := range sortedJobs(w) {
		g := ref{file: file, name: name, w: w, j: w.Jobs[name]}
		if !g.gated(order) {
			continue
		}
		for _, d := range g.j.Steps {
			if d.Uses != downloadAction {
				continue
			}
			for _, event := range g.runsOn() {
				out = append(out, retentionProblems(g, d.With["name"], event)...)
			}
		}
	}
	return out
}

// retentionProblems checks the uploads of artifact name (a template) in
// the jobs of g's run for event.
func retentionProblems(g ref, name, event string) []string {
	var out []string
	var found bool
	for _, un := range sortedJobs(g.w) {
		u := ref{file: g.file, name: un, w: g.w, j: g.w.Jobs[un]}
		if un == g.name || !slices.Contains(u.runsOn(), event) {
			continue
		}
		for _, s := range u.j.Steps {
			if !strings.HasPrefix(s.Uses, uploadAction) || !groupsMeet(s.With["name"], name) {
				continue
			}
			found = true
			days := s.With["retention-days"]
			if days == "" {
				out = append(out, fmt.Sprintf("%s: uploads %s without retention-days, which %s downloads after an approval that can wait %d days: the repository's default may be shorter; keep it %d days",
					u, s.With["name"], g, approvalWaitDays, minRetentionDays))
				continue
			}
			v := evalExpr(days, event, nil)
			n := v.number()
			if !v.known || math.IsNaN(n) || n < minRetentionDays {
				shown := days
				if v.known && days != fmt.Sprint(v.v) {
					shown = fmt.Sprintf("%s, %v on %s", days, v.v, event)
				}
				out = append(out, fmt.Sprintf("%s: keeps %s for %s days, but %s downloads it after an approval that can wait %d days: keep it at least %d days on %s",
					u, s.With["name"], shown, g, approvalWaitDays, minRetentionDays, event))
			}
		}
	}
	if !found {
		out = append(out, fmt.Sprintf("%s: downloads artifact %s on %s, which no other job of the run uploads", g, name, event))
	}
	return out
}

// TestArtifactRulesCatchEachBreak: the dispatch as it was (the plan and the
// binaries kept one day, though the apply waits up to 30 for prod's
// approval) fails; an expression that keeps them long only for dispatches
// passes.
func TestArtifactRulesCatchEachBreak(t *testing.T) {
	pipeline := func(distDays, planDays string) map[string][]byte {
		return map[string][]byte{"deploy.yml": []byte(`
on:
  push: { branches: [main] }
  workflow_dispatch:
    inputs:
      environment: { type: choice, options: [staging, prod] }
jobs:
  build:
    steps:
      - uses: ` + uploadAction + `ea165f8d65b6e75b540449e92b4886f43607fa02
        with: { name: olympus-dist, path: dist.tar` + distDays + ` }
  deploy-dev:
    if: github.event_name == 'push'
    needs: build
    environment: { name: dev, deployment: false }
    steps:
      - uses: ` + downloadAction + `
        with: { name: olympus-dist }
  plan:
    if: github.event_name == 'workflow_dispatch'
    needs: build
    steps:
      - uses: ` + uploadAction + `ea165f8d65b6e75b540449e92b4886f43607fa02
        with: { name: "plan-${{ inputs.environment }}", path: p` + planDays + ` }
  apply:
    needs: [build, plan]
    environment: { name: "${{ inputs.environment }}", deployment: false }
    steps:
      - uses: ` + downloadAction + `
        with: { name: olympus-dist }
      - uses: ` + downloadAction + `
        with: { name: "plan-${{ inputs.environment }}" }
      - uses: ` + downloadAction + `
        with: { name: sbom }
`)}
	}
	order := policy.MustOrder(policy.DefaultOrder)
	problems := func(files map[string][]byte) string {
		var w pWorkflow
		if err := yaml.Unmarshal(files["deploy.yml"], &w); err != nil {
			t.Fatal(err)
		}
		return strings.Join(artifactProblems("deploy.yml", &w, order), "\n")
	}
	got := problems(pipeline(", retention-days: 1", ", retention-days: 1"))
	for _, want := range []string{
		"deploy.yml: build: keeps olympus-dist for 1 days, but deploy.yml: apply downloads it after an approval that can wait 30 days: keep it at least 31 days on workflow_dispatch",
		"deploy.yml: plan: keeps plan-${{ inputs.environment }} for 1 days, but deploy.yml: apply downloads it",
		"deploy.yml: apply: downloads artifact sbom on workflow_dispatch, which no other job of the run uploads",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no problem %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "deploy-dev") {
		t.Errorf("dev, which no approval holds, was held to the rule:\n%s", got)
	}
	got = problems(pipeline("", `, retention-days: "${{ github.event_name == 'push' && 31 || 30 }}"`))
	for _, want := range []string{
		"deploy.yml: build: uploads olympus-dist without retention-days",
		"deploy.yml: plan: keeps plan-${{ inputs.environment }} for ${{ github.event_name == 'push' && 31 || 30 }}, 30 on workflow_dispatch days",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no problem %q in:\n%s", want, got)
		}
	}
	got = problems(pipeline(`, retention-days: "${{ github.event_name == 'workflow_dispatch' && 31 || 1 }}"`, ", retention-days: 31"))
	if strings.Count(got, "\n") != 0 || !strings.Contains(got, "sbom") {
		t.Errorf("want only the sbom problem, got:\n%s", got)
	}
}
