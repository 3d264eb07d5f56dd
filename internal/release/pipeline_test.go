package release

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// The pipeline's rules that no workflow engine here can show running:
// GitHub's environment approvals, its concurrency groups (one running and
// one pending job per group; a job queueing cancels the older pending one,
// whatever cancel-in-progress says) and automatic deployments. act runs
// the jobs (internal/tests/workflowtest); these rules read the workflows as
// GitHub schedules them. pipelineProblems reads every workflow at once,
// since concurrency groups are shared by all the workflows of a
// repository.

type pWorkflow struct {
	On          any             `yaml:"on"`
	Concurrency any             `yaml:"concurrency"`
	Jobs        map[string]pJob `yaml:"jobs"`
}

type pJob struct {
	If          string            `yaml:"if"`
	Needs       any               `yaml:"needs"`
	Environment any               `yaml:"environment"`
	Concurrency any               `yaml:"concurrency"`
	Strategy    pStrategy         `yaml:"strategy"`
	Outputs     map[string]string `yaml:"outputs"`
	Steps       []pStep           `yaml:"steps"`
}

type pStrategy struct {
	// Matrix is a map of lists, or an expression that makes one (the
	// fan-out's ${{ fromJSON(needs.targets.outputs.matrix) }}).
	Matrix any `yaml:"matrix"`
}

// axis is the values a matrix gives key, when the matrix is written out.
func (s pStrategy) axis(key string) any {
	m, _ := s.Matrix.(map[string]any)
	return m[key]
}

type pStep struct {
	ID   string            `yaml:"id"`
	Name string            `yaml:"name"`
	If   string            `yaml:"if"`
	Uses string            `yaml:"uses"`
	Run  string            `yaml:"run"`
	With map[string]string `yaml:"with"`
	Env  map[string]string `yaml:"env"`
}

// ours is the step of ours a workflow step runs, and how: "local" runs
// this checkout's Dockerfile (GitHub builds it when the job starts, from
// make dist's binaries), "released" runs an image by digest
// (docker://...@sha256:..., with: args: <step>), nothing built.
func (s pStep) ours() (name, how string) {
	switch {
	case strings.HasPrefix(s.Uses, "./actions/"):
		return strings.TrimPrefix(s.Uses, "./actions/"), "local"
	case s.Uses == "./" || s.Uses == ".":
		return s.With["step"], "local"
	case strings.HasPrefix(s.Uses, "docker://"):
		if f := strings.Fields(s.With["args"]); len(f) > 0 && ourStepNames[f[0]] {
			return f[0], "released"
		}
	}
	return "", ""
}

// ourStepNames are the steps of this repository (actions/<name>).
var ourStepNames = func() map[string]bool {
	out := map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(root, "actions", "*", "action.yml"))
	for _, f := range files {
		out[filepath.Base(filepath.Dir(f))] = true
	}
	return out
}()

// kinds of jobs, by the step of ours they run.
const (
	kindOther    = ""
	kindApply    = "apply"
	kindPlan     = "plan"
	kindRollback = "rollback"
	kindRecover  = "recover"
)

// ref is one job of one workflow.
type ref struct {
	file, name string
	w          *pWorkflow
	j          pJob
}

func (r ref) String() string { return r.file + ": " + r.name }

func (j pJob) kind() string {
	for _, s := range j.Steps {
		name, _ := s.ours()
		switch name {
		case "deploy":
			if s.With["mode"] == "plan" {
				return kindPlan
			}
			return kindApply
		case "plan-comment", "drift-reconcile":
			return kindPlan
		case "traffic-rollback":
			return kindRollback
		case "sql-recover":
			return kindRecover
		}
	}
	return kindOther
}

// ourStep is the job's first step that runs our step name, however.
func (j pJob) ourStep(name string) (pStep, bool) {
	for _, s := range j.Steps {
		if n, _ := s.ours(); n == name {
			return s, true
		}
	}
	return pStep{}, false
}

func (j pJob) step(uses string) (pStep, bool) {
	for _, s := range j.Steps {
		if s.Uses == uses {
			return s, true
		}
	}
	return pStep{}, false
}

func (j pJob) needs() []string {
	switch n := j.Needs.(type) {
	case string:
		return []string{n}
	case []any:
		var out []string
		for _, v := range n {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// environment is the job's GitHub Environment (a template) and whether
// GitHub creates a deployment for it.
func (j pJob) environment() (name string, deployment bool) {
	switch e := j.Environment.(type) {
	case string:
		return e, true
	case map[string]any:
		name, _ = e["name"].(string)
		deployment = true
		if d, ok := e["deployment"]; ok && (d == false || d == "false") {
			deployment = false
		}
		return name, deployment
	}
	return "", false
}

// concurrency is the job's group (a template), or the workflow's.
func (r ref) concurrency() (group string, cancel bool, ok bool) {
	c := r.j.Concurrency
	if c == nil {
		c = r.w.Concurrency
	}
	switch c := c.(type) {
	case string:
		return c, false, true
	case map[string]any:
		group, _ = c["group"].(string)
		cancel = c["cancel-in-progress"] == true
		return group, cancel, group != ""
	}
	return "", false, false
}

// events are the events the workflow runs on.
func (w *pWorkflow) events() []string {
	switch on := w.On.(type) {
	case string:
		return []string{on}
	case []any:
		var out []string
		for _, e := range on {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case map[string]any:
		var out []string
		for e := range on {
			out = append(out, e)
		}
		sort.Strings(out)
		return out
	}
	return nil
}

// dispatchOptions are the choices of the workflow_dispatch input name.
func (w *pWorkflow) dispatchOptions(name string) []string {
	on, _ := w.On.(map[string]any)
	wd, _ := on["workflow_dispatch"].(map[string]any)
	inputs, _ := wd["inputs"].(map[string]any)
	in, _ := inputs[name].(map[string]any)
	opts, _ := in["options"].([]any)
	var out []string
	for _, o := range opts {
		if s, ok := o.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// runsOn are the events of the workflow the job runs for: those its if:
// does not rule out.
// A job whose needed jobs are skipped is skipped too, unless its if:
// says always().
func (r ref) runsOn() []string {
	var out []string
	for _, e := range r.w.events() {
		if evalIf(r.j.If, e) == triFalse {
			continue
		}
		runs := true
		if !strings.Contains(r.j.If, "always()") {
			for _, n := range r.j.needs() {
				if nj, ok := r.w.Jobs[n]; ok && n != r.name && !slices.Contains((ref{file: r.file, name: n, w: r.w, j: nj}).runsOn(), e) {
					runs = false
				}
			}
		}
		if runs {
			out = append(out, e)
		}
	}
	return out
}

var exprRef = regexp.MustCompile(`^\$\{\{\s*([^}]*?)\s*\}\}$`)

// values are the environments a template such as ${{ inputs.environment }}
// can name in this job: a literal, a dispatch input's options, or the
// job's matrix; nil when it cannot be told.
func (r ref) values(template string) []string {
	m := exprRef.FindStringSubmatch(strings.TrimSpace(template))
	if m == nil {
		if strings.Contains(template, "${{") {
			return nil
		}
		return []string{template}
	}
	switch {
	case strings.HasPrefix(m[1], "inputs."):
		return r.w.dispatchOptions(strings.TrimPrefix(m[1], "inputs."))
	case strings.HasPrefix(m[1], "matrix."):
		list, _ := r.j.Strategy.axis(strings.TrimPrefix(m[1], "matrix.")).([]any)
		var out []string
		for _, v := range list {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// auth steps' credentials by kind of job (terraform/README.md).
var identityVars = map[string][2]string{
	kindApply:    {"DEPLOY_WIF_PROVIDER", "DEPLOY_SERVICE_ACCOUNT"},
	kindPlan:     {"PLAN_WIF_PROVIDER", "PLAN_SERVICE_ACCOUNT"},
	kindRollback: {"ROLLBACK_WIF_PROVIDER", "ROLLBACK_SERVICE_ACCOUNT"},
	kindRecover:  {"SQL_RECOVER_WIF_PROVIDER", "SQL_RECOVER_SERVICE_ACCOUNT"},
}

var outputRef = regexp.MustCompile(`^\$\{\{\s*needs\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}$`)

// pipelineProblems checks the workflows, by file name, as GitHub runs
// them, with rel the release pinned in .github/released-image:
//   - an apply job joins its environment's group terraform-<env>, never
//     cancelled, and never runs for a pull request;
//   - no other job shares a concurrency group with an apply (in any
//     workflow): queueing there would cancel a pending apply;
//   - a plan job that runs for a pull request has a group of its own per
//     pull request, cancelled by a newer push, and plans production only
//     when a variable opts in;
//   - every apply job for an environment after the first needs a plan job
//     that is not behind the same environment, and takes plan-file and
//     plan-sha256 from that job's deploy in plan mode for the same
//     environment: approvers see the plan before they approve, and the
//     applied plan is that plan;
//   - every job that names an environment creates no GitHub deployment
//     (deployment: false): plans, rollbacks and recoveries are none, and
//     an apply's deployment is the one deploy records;
//   - each kind of job authenticates as its own identity;
//   - a job that runs our local actions has make dist's binaries first;
//     one that runs the released image passes what action.yml's defaults
//     would have (operationsProblems, releasedStepProblems);
//   - an operational workflow runs the pinned release, building nothing,
//     or, with none pinned, builds and says so (operationsProblems);
//   - an artifact that a job behind an approval downloads outlives the
//     wait (artifactProblems);
//   - validate has the history its migration guard compares with and a
//     token for tflint --init (validateProblems);
//   - a release is published only from a tag on main (releaseProblems).
func pipelineProblems(files map[string][]byte, rel Release) []string {
	var jobs []ref
	var out []string
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	workflows := map[string]*pWorkflow{}
	for _, f := range names {
		var w pWorkflow
		if err := yaml.Unmarshal(files[f], &w); err != nil {
			out = append(out, f+": not YAML: "+err.Error())
			continue
		}
		workflows[f] = &w
		js := make([]string, 0, len(w.Jobs))
		for n := range w.Jobs {
			js = append(js, n)
		}
		sort.Strings(js)
		for _, n := range js {
			jobs = append(jobs, ref{file: f, name: n, w: &w, j: w.Jobs[n]})
		}
	}
	order := policy.MustOrder(policy.DefaultOrder)
	for _, f := range names {
		if w, ok := workflows[f]; ok {
			out = append(out, operationsProblems(f, w, rel)...)
			out = append(out, artifactProblems(f, w, order)...)
			out = append(out, releaseProblems(f, w)...)
		}
	}
	for _, r := range jobs {
		kind := r.j.kind()
		group, cancel, hasGroup := r.concurrency()
		if kind == kindApply {
			if !hasGroup || cancel || !strings.HasPrefix(group, "terraform-") {
				out = append(out, r.String()+": an apply needs concurrency { group: terraform-<environment>, cancel-in-progress: false }")
			}
			if slices.Contains(r.runsOn(), "pull_request") || slices.Contains(r.runsOn(), "pull_request_target") {
				out = append(out, r.String()+": an apply runs for a pull request")
			}
			out = append(out, reviewedPlanProblems(r, order)...)
		}
		if hasGroup && kind != kindApply {
			for _, a := range jobs {
				if a.j.kind() != kindApply {
					continue
				}
				if ag, _, ok := a.concurrency(); ok && groupsMeet(group, ag) {
					out = append(out, fmt.Sprintf("%s: shares concurrency group %q with the apply %s (%q): queueing there cancels a pending apply", r, group, a, ag))
				}
			}
		}
		if kind == kindPlan && slices.Contains(r.runsOn(), "pull_request") {
			if !hasGroup || !cancel || !(strings.Contains(group, "github.event.pull_request.number") || strings.Contains(group, "github.head_ref")) {
				out = append(out, r.String()+": a pull request's plan needs concurrency { group: <...github.event.pull_request.number...>, cancel-in-progress: true }: a newer push supersedes it")
			}
			out = append(out, pullRequestProductionProblems(r, order)...)
		}
		if env, deployment := r.j.environment(); env != "" && deployment {
			switch kind {
			case kindPlan, kindRollback, kindRecover:
				out = append(out, fmt.Sprintf("%s: a job that only %s names environment %q without deployment: false, so GitHub records a deployment for it", r,
					map[string]string{kindPlan: "plans", kindRollback: "rolls back", kindRecover: "recovers data"}[kind], env))
			case kindApply:
				out = append(out, fmt.Sprintf("%s: an apply names environment %q without deployment: false: deploy records the apply's deployment itself, so GitHub's automatic one makes two records of one apply", r, env))
			}
		}
		out = append(out, distProblems(r)...)
		out = append(out, releasedStepProblems(r)...)
		out = append(out, validateProblems(r)...)
		if vars, ok := identityVars[kind]; ok {
			if auth, ok := r.j.step(authAction); ok {
				for i, key := range []string{"workload_identity_provider", "service_account"} {
					if want := "${{ vars." + vars[i] + " }}"; auth.With[key] != want {
						out = append(out, fmt.Sprintf("%s: %s job authenticates with %s %q, want %s", r, map[string]string{kindApply: "an apply", kindPlan: "a plan", kindRollback: "a rollback", kindRecover: "a recovery"}[kind], key, auth.With[key], want))
					}
				}
			}
		}
	}
	return out
}

// distProblems: the repository's own actions run its Dockerfile, which
// only copies make dist's binaries, so a job that uses one needs the job
// that builds them and unpacks their artifact before its first action.
func distProblems(r ref) []string {
	var unpacked bool
	for _, s := range r.j.Steps {
		if s.Uses == downloadAction && s.With["name"] == "olympus-dist" {
			unpacked = true
		}
		if _, how := s.ours(); how == "local" {
			if !unpacked {
				return []string{fmt.Sprintf("%s: runs %s before downloading the olympus-dist artifact (the Dockerfile copies make dist's binaries)", r, s.Uses)}
			}
			var built bool
			for _, n := range r.j.needs() {
				for _, b := range r.w.Jobs[n].Steps {
					built = built || strings.Contains(b.Run, "make dist")
				}
			}
			if !built {
				return []string{fmt.Sprintf("%s: runs %s but needs no job that runs make dist", r, s.Uses)}
			}
			return nil
		}
	}
	return nil
}

const downloadAction = "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093"

const authAction = "google-github-actions/auth@ba79af03959ebeac9769e648f473a284504d9193"

// reviewedPlanProblems checks an apply job that may apply an environment
// after the first.
func reviewedPlanProblems(a ref, order policy.Order) []string {
	dep, _ := a.j.ourStep("deploy")
	envs := a.values(dep.With["environment"])
	if envs == nil {
		envs = order
	}
	var gated []string
	for _, e := range envs {
		if order.Reviewed(e) {
			gated = append(gated, e)
		}
	}
	if len(gated) == 0 {
		return nil
	}
	applyEnv, _ := a.j.environment()
	var problems []string
	for _, name := range a.j.needs() {
		p, ok := a.w.Jobs[name]
		if !ok || p.kind() != kindPlan {
			continue
		}
		pl, ok := p.ourStep("deploy")
		if !ok {
			continue
		}
		var why []string
		if planEnv, _ := p.environment(); planEnv == applyEnv {
			why = append(why, fmt.Sprintf("it is behind the same environment %q, so the approval comes before the plan", applyEnv))
		}
		if pl.With["environment"] != dep.With["environment"] {
			why = append(why, fmt.Sprintf("it plans environment %q, the apply applies %q", pl.With["environment"], dep.With["environment"]))
		}
		for _, input := range []string{"plan-file", "plan-sha256"} {
			m := outputRef.FindStringSubmatch(dep.With[input])
			if m == nil || m[1] != name || p.Outputs[m[2]] != fmt.Sprintf("${{ steps.%s.outputs.%s }}", pl.ID, input) || pl.ID == "" {
				why = append(why, fmt.Sprintf("the apply's %s is not its plan's %s output (needs.%s.outputs.*)", input, input, name))
			}
		}
		if len(why) == 0 {
			return nil
		}
		problems = append(problems, fmt.Sprintf("%s: its plan job %s does not hand over a reviewed plan: %s", a, name, strings.Join(why, "; ")))
	}
	if len(problems) == 0 {
		problems = append(problems, fmt.Sprintf("%s: applies %s, which are applied from a reviewed plan: it needs a job that runs deploy with mode: plan outside the environment's approval, and takes plan-file and plan-sha256 from it", a, strings.Join(gated, ", ")))
	}
	return problems
}

// groupsMeet reports whether two concurrency group templates can name the
// same group: each ${{ ... }} may be anything.
func groupsMeet(a, b string) bool {
	return globsMeet(globOf(a), globOf(b))
}

var exprAnywhere = regexp.MustCompile(`\$\{\{[^}]*\}\}`)

func globOf(template string) string { return exprAnywhere.ReplaceAllString(template, "\x00") }

// globsMeet reports whether some string matches both patterns, where
// \x00 matches any run of characters.
func globsMeet(p, q string) bool {
	memo := map[[2]int]bool{}
	seen := map[[2]int]bool{}
	var meet func(i, j int) bool
	meet = func(i, j int) bool {
		k := [2]int{i, j}
		if seen[k] {
			return memo[k]
		}
		seen[k] = true
		var r bool
		switch {
		case i == len(p) && j == len(q):
			r = true
		case i < len(p) && p[i] == 0:
			r = meet(i+1, j) || (j < len(q) && meet(i, j+1))
		case j < len(q) && q[j] == 0:
			r = meet(i, j+1) || (i < len(p) && meet(i+1, j))
		case i < len(p) && j < len(q):
			r = p[i] == q[j] && meet(i+1, j+1)
		}
		memo[k] = r
		return r
	}
	return meet(0, 0)
}

func readWorkflows(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, f := range workflows(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(f)] = b
	}
	return files
}

func TestPipelineFollowsItsRules(t *testing.T) {
	files := readWorkflows(t)
	rel, err := ReadRelease(root)
	if err != nil {
		t.Fatal(err)
	}
	if p := pipelineProblems(files, rel); len(p) > 0 {
		t.Errorf("the workflows break the pipeline's rules:\n%s", strings.Join(p, "\n"))
	}
	// The rules have something to hold: the redesigned deploy workflow
	// has its applies, its gated apply and its pull-request plans.
	var w pWorkflow
	if err := yaml.Unmarshal(files["deploy-infrastructure.yml"], &w); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for n, j := range w.Jobs {
		kinds[n] = j.kind()
	}
	for job, kind := range map[string]string{"deploy-dev": kindApply, "apply": kindApply, "plan": kindPlan, "plan-pull-request": kindPlan} {
		if kinds[job] != kind {
			t.Errorf("deploy-infrastructure.yml: job %s is %q, want %q", job, kinds[job], kind)
		}
	}
	// dev is dispatched to deploy-dev (allow-unreviewed after a plan
	// parity refusal), never to plan and apply.
	if got := (ref{w: &w, j: w.Jobs["apply"]}).values("${{ inputs.environment }}"); !slices.Equal(got, []string{"dev", "staging", "prod"}) {
		t.Errorf("the dispatch's environments = %v", got)
	}
	// The apply waits for prod's approval and then downloads the plan and
	// the binaries: the retention rule has artifacts to hold.
	order := policy.MustOrder(policy.DefaultOrder)
	apply := ref{file: "deploy-infrastructure.yml", name: "apply", w: &w, j: w.Jobs["apply"]}
	var downloads []string
	for _, s := range apply.j.Steps {
		if s.Uses == downloadAction {
			downloads = append(downloads, s.With["name"])
		}
	}
	if !apply.gated(order) || !slices.Equal(downloads, []string{"olympus-dist", "plan-${{ inputs.environment }}"}) {
		t.Errorf("the apply job: gated %v, downloads %v", apply.gated(order), downloads)
	}
}

// TestPipelineRulesCatchEachBreak: the old pipeline, and each other break,
// fails its rule.
func TestPipelineRulesCatchEachBreak(t *testing.T) {
	// The deploy workflow as it was before: approval before any plan, pull
	// request plans in the applies' groups.
	old := `
on:
  push: { branches: [main] }
  pull_request: { branches: [main] }
  workflow_dispatch:
    inputs:
      environment: { type: choice, options: [staging, prod] }
jobs:
  plan:
    if: github.event_name == 'pull_request'
    strategy: { matrix: { environment: [dev, staging, prod] } }
    concurrency: { group: "terraform-${{ matrix.environment }}", cancel-in-progress: false }
    steps:
      - uses: google-github-actions/auth@ba79af03959ebeac9769e648f473a284504d9193
        with: { workload_identity_provider: "${{ vars.WIF_PROVIDER }}", service_account: "${{ vars.PLAN_SERVICE_ACCOUNT }}" }
      - uses: ./actions/plan-comment
  deploy-dev:
    if: github.event_name == 'push'
    environment: dev
    concurrency: { group: terraform-dev, cancel-in-progress: false }
    steps:
      - uses: ./actions/deploy
        with: { environment: dev }
  deploy:
    if: github.event_name == 'workflow_dispatch'
    environment: ${{ inputs.environment }}
    concurrency: { group: "terraform-${{ inputs.environment }}", cancel-in-progress: false }
    steps:
      - uses: ./actions/deploy
        with: { environment: "${{ inputs.environment }}" }
`
	// Each break of a pipeline shaped like ours.
	broken := `
on:
  pull_request: {}
  workflow_dispatch:
    inputs:
      environment: { type: choice, options: [staging, prod] }
jobs:
  pr-plan:
    if: github.event_name == 'pull_request'
    environment: { name: dev-plan, deployment: false }
    concurrency: { group: "plans", cancel-in-progress: false }
    steps:
      - uses: ./actions/plan-comment
  pr-apply:
    if: github.event_name != 'workflow_dispatch'
    environment: dev
    concurrency: { group: terraform-dev }
    steps:
      - uses: ./actions/deploy
        with: { environment: dev }
  plan:
    if: github.event_name == 'workflow_dispatch'
    environment: ${{ inputs.environment }}
    outputs:
      plan-file: ${{ steps.plan.outputs.plan-file }}
      sha: ${{ steps.plan.outputs.has-changes }}
    steps:
      - id: plan
        uses: ./actions/deploy
        with: { mode: plan, environment: staging }
  apply:
    needs: plan
    environment: ${{ inputs.environment }}
    concurrency: { group: "terraform-${{ inputs.environment }}", cancel-in-progress: false }
    steps:
      - uses: google-github-actions/auth@ba79af03959ebeac9769e648f473a284504d9193
        with: { workload_identity_provider: "${{ vars.PLAN_WIF_PROVIDER }}", service_account: "${{ vars.PLAN_SERVICE_ACCOUNT }}" }
      - uses: ./actions/deploy
        with:
          environment: ${{ inputs.environment }}
          plan-file: ${{ needs.plan.outputs.plan-file }}
          plan-sha256: ${{ needs.plan.outputs.sha }}
`
	rollback := `
on: { workflow_dispatch: {} }
jobs:
  rollback:
    environment: prod
    concurrency: { group: terraform-prod, cancel-in-progress: false }
    steps:
      - uses: ./actions/traffic-rollback
`
	// sql-recover.yml as it was: the shared provider variable nobody set.
	recover := `
on: { workflow_dispatch: {} }
jobs:
  recover:
    environment: { name: "${{ inputs.environment }}", deployment: false }
    concurrency: { group: "sql-recover-${{ inputs.environment }}", cancel-in-progress: false }
    steps:
      - uses: google-github-actions/auth@ba79af03959ebeac9769e648f473a284504d9193
        with: { workload_identity_provider: "${{ vars.WIF_PROVIDER }}", service_account: "${{ vars.SQL_RECOVER_SERVICE_ACCOUNT }}" }
      - uses: ./actions/sql-recover
`
	for _, tc := range []struct {
		files map[string]string
		want  []string
	}{
		{map[string]string{"deploy.yml": old}, []string{
			`deploy.yml: plan: shares concurrency group "terraform-${{ matrix.environment }}" with the apply deploy.yml: deploy-dev`,
			`deploy.yml: plan: shares concurrency group "terraform-${{ matrix.environment }}" with the apply deploy.yml: deploy`,
			"deploy.yml: plan: a pull request's plan needs concurrency",
			"deploy.yml: deploy: applies staging, prod, which are applied from a reviewed plan",
			`deploy.yml: plan: a plan job authenticates with workload_identity_provider "${{ vars.WIF_PROVIDER }}", want ${{ vars.PLAN_WIF_PROVIDER }}`,
		}},
		{map[string]string{"deploy.yml": broken, "rollback.yml": rollback}, []string{
			"deploy.yml: pr-plan: a pull request's plan needs concurrency",
			"deploy.yml: pr-apply: an apply runs for a pull request",
			"deploy.yml: apply: its plan job plan does not hand over a reviewed plan: " +
				`it is behind the same environment "${{ inputs.environment }}", so the approval comes before the plan; ` +
				`it plans environment "staging", the apply applies "${{ inputs.environment }}"; ` +
				"the apply's plan-sha256 is not its plan's plan-sha256 output (needs.plan.outputs.*)",
			`deploy.yml: plan: a job that only plans names environment "${{ inputs.environment }}" without deployment: false`,
			`deploy.yml: apply: an apply job authenticates with service_account "${{ vars.PLAN_SERVICE_ACCOUNT }}", want ${{ vars.DEPLOY_SERVICE_ACCOUNT }}`,
			`rollback.yml: rollback: shares concurrency group "terraform-prod" with the apply deploy.yml: apply`,
			`rollback.yml: rollback: a job that only rolls back names environment "prod" without deployment: false`,
			"rollback.yml: rollback: runs ./actions/traffic-rollback before downloading the olympus-dist artifact",
		}},
		{map[string]string{"sql-recover.yml": recover}, []string{
			`sql-recover.yml: recover: a recovery job authenticates with workload_identity_provider "${{ vars.WIF_PROVIDER }}", want ${{ vars.SQL_RECOVER_WIF_PROVIDER }}`,
		}},
	} {
		files := map[string][]byte{}
		for n, s := range tc.files {
			files[n] = []byte(s)
		}
		got := strings.Join(pipelineProblems(files, Release{}), "\n")
		for _, want := range tc.want {
			if !strings.Contains(got, want) {
				t.Errorf("no problem %q in:\n%s", want, got)
			}
		}
	}
}

func TestGroupsMeet(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"terraform-dev", "terraform-dev", true},
		{"terraform-${{ matrix.environment }}", "terraform-dev", true},
		{"terraform-${{ inputs.environment }}", "terraform-${{ matrix.environment }}", true},
		{"pull-request-${{ github.event.pull_request.number }}-plan-${{ matrix.environment }}", "terraform-${{ inputs.environment }}", false},
		{"drift-${{ matrix.environment }}", "terraform-dev", false},
		{"${{ github.workflow }}", "terraform-dev", true},
		{"rollback-${{ inputs.environment }}", "terraform-prod", false},
		{"release", "terraform-prod", false},
	} {
		if got := groupsMeet(tc.a, tc.b); got != tc.want {
			t.Errorf("groupsMeet(%q, %q) = %v", tc.a, tc.b, got)
		}
		if got := groupsMeet(tc.b, tc.a); got != tc.want {
			t.Errorf("groupsMeet(%q, %q) = %v", tc.b, tc.a, got)
		}
	}
}
