package release

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// checkoutAction is actions/checkout, any pin.
const checkoutAction = "actions/checkout@"

// validateProblems: the validate step judges only the migrations a pull
// request adds or changes when the base is in the checkout's history (a
// shallow checkout has none, and then every migration is judged), and
// tflint --init, which installs the plugins a configuration takes from
// GitHub, needs a token for GitHub's rate limit.
func validateProblems(r ref) []string {
	v, ok := r.j.ourStep("validate")
	if !ok {
		return nil
	}
	var out []string
	i := slices.IndexFunc(r.j.Steps, func(s pStep) bool { return strings.HasPrefix(s.Uses, checkoutAction) })
	if i < 0 || r.j.Steps[i].With["fetch-depth"] != "0" {
		out = append(out, fmt.Sprintf("%s: checks out without history (fetch-depth: 0): the migration guard cannot find the pull request's base and judges every migration", r))
	}
	if tok := v.Env["GITHUB_TOKEN"]; tok != "${{ github.token }}" && tok != "${{ secrets.GITHUB_TOKEN }}" {
		out = append(out, fmt.Sprintf("%s: runs validate without env GITHUB_TOKEN: ${{ github.token }}: tflint --init meets GitHub's anonymous rate limit", r))
	}
	return out
}

// pullRequestEnvironments are the environments a pull request's plan job
// plans when no repository variable is set, or nil when the test cannot
// tell.
func (r ref) pullRequestEnvironments() []string {
	env, _ := r.j.environment()
	m := exprRef.FindStringSubmatch(strings.TrimSpace(strings.TrimSuffix(env, "-plan")))
	if m == nil || !strings.HasPrefix(m[1], "matrix.") {
		return r.values(env)
	}
	if envs, ok := r.targetsEnvironments(); ok {
		return envs
	}
	var list []any
	switch v := r.j.Strategy.axis(strings.TrimPrefix(m[1], "matrix.")).(type) {
	case []any:
		list = v
	case string:
		e := evalExpr(v, "pull_request", map[string]string{})
		list, _ = e.v.([]any)
	}
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// pullRequestProductionProblems: a pull request's plan of production runs
// the branch's code with production's plan identity, and anything a data
// source reads lands in that plan: it is off unless a repository variable
// switches it on.
func pullRequestProductionProblems(r ref, order policy.Order) []string {
	envs := r.pullRequestEnvironments()
	switch {
	case envs == nil:
		return []string{fmt.Sprintf("%s: cannot tell which environments a pull request plans with no variable set", r)}
	case slices.Contains(envs, order.Production()):
		return []string{fmt.Sprintf("%s: plans %s for every pull request (%s with no variable set): production's plan must be opted in (a repository variable set to true), not opted out",
			r, order.Production(), strings.Join(envs, ", "))}
	}
	return nil
}

// TestJobRulesCatchEachBreak: validate without history or token, and pull
// request plans of production on by default, each fail their rule.
func TestJobRulesCatchEachBreak(t *testing.T) {
	old := `
on:
  push: { branches: [main] }
  pull_request: { branches: [main] }
jobs:
  validate:
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
        with: { persist-credentials: false }
      - uses: ./actions/validate
        with: { working-directory: terraform }
  plan-pull-request:
    if: github.event_name == 'pull_request'
    strategy:
      matrix:
        environment: ${{ fromJSON(vars.PLAN_PROD_ON_PULL_REQUESTS == 'false' && '["dev","staging"]' || '["dev","staging","prod"]') }}
    environment: { name: "${{ matrix.environment }}-plan", deployment: false }
    concurrency: { group: "pull-request-${{ github.event.pull_request.number }}-plan-${{ matrix.environment }}", cancel-in-progress: true }
    steps:
      - uses: ./actions/plan-comment
  plan-listed:
    if: github.event_name == 'pull_request'
    strategy: { matrix: { environment: [dev, prod] } }
    environment: { name: "${{ matrix.environment }}-plan", deployment: false }
    concurrency: { group: "pull-request-${{ github.event.pull_request.number }}-list-${{ matrix.environment }}", cancel-in-progress: true }
    steps:
      - uses: ./actions/plan-comment
`
	got := strings.Join(pipelineProblems(map[string][]byte{"deploy.yml": []byte(old)}, Release{}), "\n")
	for _, want := range []string{
		"deploy.yml: validate: checks out without history (fetch-depth: 0)",
		"deploy.yml: validate: runs validate without env GITHUB_TOKEN",
		"deploy.yml: plan-pull-request: plans prod for every pull request (dev, staging, prod with no variable set)",
		"deploy.yml: plan-listed: plans prod for every pull request (dev, prod with no variable set)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no problem %q in:\n%s", want, got)
		}
	}
	fixed := strings.NewReplacer(
		"with: { persist-credentials: false }", "with: { persist-credentials: false, fetch-depth: 0 }",
		"with: { working-directory: terraform }", "with: { working-directory: terraform }\n        env: { GITHUB_TOKEN: \"${{ github.token }}\" }",
		`vars.PLAN_PROD_ON_PULL_REQUESTS == 'false' && '["dev","staging"]' || '["dev","staging","prod"]'`,
		`vars.PLAN_PROD_ON_PULL_REQUESTS == 'true' && '["dev","staging","prod"]' || '["dev","staging"]'`,
	).Replace(old)
	got = strings.Join(pipelineProblems(map[string][]byte{"deploy.yml": []byte(fixed)}, Release{}), "\n")
	for _, gone := range []string{"checks out without history", "without env GITHUB_TOKEN", "plan-pull-request: plans prod"} {
		if strings.Contains(got, gone) {
			t.Errorf("after the fix, still %q:\n%s", gone, got)
		}
	}
	if !strings.Contains(got, "plan-listed: plans prod") {
		t.Errorf("the listed matrix lost its problem:\n%s", got)
	}
}

var targetsMatrix = regexp.MustCompile(`^\$\{\{\s*fromJSON\(\s*needs\.([\w-]+)\.outputs\.(matrix|projects)\s*\)\s*\}\}$`)

// targetsEnvironments are the environments of a fan-out's matrix, made by
// the targets step of the job it needs: its environments input with no
// variable set; ok is false when the matrix is not a targets step's.
func (r ref) targetsEnvironments() ([]string, bool) {
	expr, _ := r.j.Strategy.Matrix.(string)
	m := targetsMatrix.FindStringSubmatch(strings.TrimSpace(expr))
	if m == nil {
		return nil, false
	}
	for _, s := range r.w.Jobs[m[1]].Steps {
		if name, _ := s.ours(); name != "targets" {
			continue
		}
		envs := s.With["environments"]
		if strings.Contains(envs, "${{") {
			v, _ := evalExpr(envs, "pull_request", map[string]string{}).v.(string)
			envs = v
		}
		if envs == "" {
			return nil, true // every environment: the test cannot tell
		}
		var out []string
		for _, e := range strings.Split(envs, ",") {
			if e = strings.TrimSpace(e); e != "" {
				out = append(out, e)
			}
		}
		return out, true
	}
	return nil, true
}
