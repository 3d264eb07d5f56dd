package workflowtest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/steps/plancomment"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/act"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
)

// TestPipeline runs deploy-infrastructure.yml as a repository lives it,
// in order: a pull request (dev and staging planned; prod only when a
// variable opts in), its merge (dev), a dispatch for prod too early, a
// dispatch for staging whose state changes while its apply waits for the
// approval, one whose plan artifact is gone when the approval comes, and a
// dispatch for staging that goes through; then drift.yml. Then nothing act
// printed holds the secret.
func TestPipeline(t *testing.T) {
	requireEngine(t)
	b := newBed(t)
	start := time.Now()

	t.Run("pull request: one comment, a section for dev and staging, nothing applied", func(t *testing.T) {
		res := b.run(t, b.pullRequest(7))
		if res.ExitCode != 0 || res.JobResult("validate") != "success" || res.JobResult("plan-pull-request") != "success" {
			t.Fatalf("exit %d, validate %q, plans %q\n%s", res.ExitCode, res.JobResult("validate"), res.JobResult("plan-pull-request"), res.Raw)
		}
		for _, job := range []string{"deploy-dev", "plan", "apply"} {
			if res.JobResult(job) == "success" {
				t.Errorf("job %s ran for a pull request", job)
			}
		}
		comments := b.gh.Comments(7)
		if len(comments) != 1 {
			t.Fatalf("%d comments on the pull request, want 1: %+v", len(comments), comments)
		}
		var envs []string
		for env, section := range plancomment.ParseSections(comments[0].Body) {
			envs = append(envs, env)
			if !strings.Contains(section, "localcloud_service.api") {
				t.Errorf("the %s section does not show the plan:\n%s", env, section)
			}
		}
		sort.Strings(envs)
		if !slices.Equal(envs, []string{"dev", "staging"}) {
			t.Errorf("sections %v, want dev and staging (prod is opt-in):\n%s", envs, comments[0].Body)
		}
		if len(b.gh.Deployments()) != 0 {
			t.Errorf("a pull request recorded deployments: %+v", b.gh.Deployments())
		}
		for _, env := range []string{"dev", "staging", "prod"} {
			if _, ok := b.state(t, env); ok {
				t.Errorf("a pull request's plan wrote %s's state", env)
			}
		}
		// The build job's binaries only: saved plans hold secrets.
		if matches, _ := filepath.Glob(filepath.Join(b.root, "artifacts", "*", "*")); len(matches) != 1 || filepath.Base(matches[0]) != "olympus-dist" {
			t.Errorf("a pull request uploaded %v, want the binaries only", matches)
		}
		if got := b.auths(t); len(got) != 2 || !allAre(got, "plan-pull-request", "PLAN") {
			t.Errorf("identities asked for: %q, want the plan identity twice", got)
		}
		if _, err := filepath.Glob(filepath.Join(b.root, "sarif", "olympus-validate.sarif")); err != nil || read(t, filepath.Join(b.root, "sarif", "olympus-validate.sarif")) == "" {
			t.Errorf("validate's SARIF was not uploaded")
		}
	})

	t.Run("PLAN_PROD_ON_PULL_REQUESTS=true brings production into pull requests", func(t *testing.T) {
		p, err := b.runner.Start(context.Background(), act.Run{Event: b.pullRequest(8), Workflow: deployWorkflow,
			Vars: map[string]string{"PLAN_PROD_ON_PULL_REQUESTS": "true"}})
		if err != nil {
			t.Fatal(err)
		}
		res := b.wait(t, p)
		if res.ExitCode != 0 {
			t.Fatalf("exit %d\n%s", res.ExitCode, res.Raw)
		}
		comments := b.gh.Comments(8)
		if len(comments) != 1 {
			t.Fatalf("%d comments on the pull request, want 1", len(comments))
		}
		sections := plancomment.ParseSections(comments[0].Body)
		if _, prod := sections["prod"]; !prod || len(sections) != 3 {
			t.Errorf("sections %v, want dev, prod and staging", keys(sections))
		}
	})

	t.Run("push to main: dev applied, the plan shown first, the deployment recorded", func(t *testing.T) {
		// The push merges #8, whose comment recorded what dev's reviewers
		// were shown.
		b.gh.AddMergedPull(8, "feature-head", b.sha)
		res := b.run(t, b.push())
		if res.ExitCode != 0 || res.JobResult("deploy-dev") != "success" {
			t.Fatalf("exit %d, deploy-dev %q\n%s", res.ExitCode, res.JobResult("deploy-dev"), res.Raw)
		}
		if _, ok := b.state(t, "dev"); !ok {
			t.Fatal("dev has no state after its deploy")
		}
		if svc, err := b.cloud("dev").GetService("olympus-api-dev"); err != nil || svc.Env["API_KEY"] != canary {
			t.Errorf("dev's service: %+v, %v", svc, err)
		}
		summary := res.Summary("deploy-dev")
		plan, result := strings.Index(summary, "## Deploy to `dev`"), strings.Index(summary, "**Result:** applied to `dev`")
		if plan < 0 || result < plan || !strings.Contains(summary[plan:result], "| create | `localcloud_service.api` |") {
			t.Errorf("the job summary does not show the plan before the result:\n%s", summary)
		}
		// Plan parity and the checks after the apply (DEV_VERIFY).
		for _, s := range []string{"**Plan parity:** applies exactly what was reviewed in [#8](", "Checks after apply: all 1 passed"} {
			if !strings.Contains(summary, s) {
				t.Errorf("the job summary does not say %q:\n%s", s, summary)
			}
		}
		// The deploy, and the deployment that records it verified.
		deps := b.deployments("dev")
		if len(deps) != 2 {
			t.Fatalf("dev deployments %+v, want the deploy and its verified record", deps)
		}
		for _, d := range deps {
			if d.Task != "deploy:olympus" || d.SHA != b.sha || b.lastState(d) != "success" {
				t.Errorf("dev deployment %+v", d)
			}
		}
		if got := b.auths(t); len(got) != 6 || !allAre(got[5:], "deploy-dev", "DEPLOY") {
			t.Errorf("identities asked for: %q, want the apply identity once more", got)
		}
	})

	t.Run("dispatch prod before staging: refused in the plan job, nothing applied", func(t *testing.T) {
		writes := len(b.gh.Writes())
		res := b.run(t, dispatch("prod"))
		if res.ExitCode == 0 || res.JobResult("plan") != "failure" || res.JobResult("apply") == "success" {
			t.Fatalf("exit %d, plan %q, apply %q\n%s", res.ExitCode, res.JobResult("plan"), res.JobResult("apply"), res.Raw)
		}
		if !strings.Contains(res.Log("plan"), b.sha+" has no successful staging deployment made by olympus deploy; deploy it to staging first") {
			t.Errorf("the plan job does not say why:\n%s", res.Log("plan"))
		}
		if res.Ran("apply") && strings.Contains(res.Log("apply"), "./actions/deploy") {
			t.Errorf("the apply job ran a deploy:\n%s", res.Log("apply"))
		}
		if _, ok := b.state(t, "prod"); ok {
			t.Error("prod has a state")
		}
		if w := b.gh.Writes(); len(w) != writes {
			t.Errorf("a refused promotion wrote to GitHub: %+v", w[writes:])
		}
		if _, err := b.artifact(res, "plan-prod", "prod.tfplan.age"); err == nil {
			t.Error("a refused plan was uploaded")
		}
	})

	t.Run("dispatch staging, its plan artifact gone when the approval comes: the apply says so, nothing applied", func(t *testing.T) {
		for _, f := range []string{"waiting", "approved"} {
			os.Remove(filepath.Join(b.root, "approval", f))
		}
		proc := b.start(t, dispatch("staging"), map[string]string{"OLYMPUS_ACT_APPROVAL_JOB": "apply"})
		waitForFile(t, filepath.Join(b.root, "approval", "waiting"), proc, 8*time.Minute)
		// What GitHub does once an artifact's retention ends.
		planned := filepath.Join(b.root, "artifacts", strconv.Itoa(proc.RunID()), "plan-staging")
		if _, err := os.Stat(planned); err != nil {
			t.Fatalf("the plan job uploaded no plan: %v", err)
		}
		if err := os.RemoveAll(planned); err != nil {
			t.Fatal(err)
		}
		before, _ := b.state(t, "staging")
		deps := len(b.deployments("staging"))
		write(t, filepath.Join(b.root, "approval", "approved"), nil, 0o644)
		res := b.wait(t, proc)
		if res.ExitCode == 0 || res.JobResult("plan") != "success" || res.JobResult("apply") != "failure" {
			t.Fatalf("exit %d, plan %q, apply %q\n%s", res.ExitCode, res.JobResult("plan"), res.JobResult("apply"), res.Raw)
		}
		var said bool
		for _, l := range res.Lines {
			said = said || (l.JobID == "apply" && l.Command == "error" && strings.Contains(l.Arg, "Re-run all jobs"))
			// act now and then loses the output of a step that exits
			// within milliseconds (seen once in CI: the step ran and
			// failed, its one line never reached the log); the step that
			// says it, with its words, having run is what GitHub shows.
			said = said || (l.JobID == "apply" && strings.Contains(l.Msg, "Failure - Main echo \"::error title=The reviewed plan is gone::") && strings.Contains(l.Msg, "Re-run all jobs"))
		}
		if !said {
			t.Errorf("the apply job does not say the plan is gone and what to do:\n%s", res.Log("apply"))
		}
		if after, _ := b.state(t, "staging"); after != before || len(b.deployments("staging")) != deps {
			t.Errorf("without its plan the apply changed staging (serial %d -> %d) or recorded a deployment", before, after)
		}
	})

	var staleSum string
	t.Run("dispatch staging, the state changes while the apply waits: refused as stale", func(t *testing.T) {
		for _, f := range []string{"waiting", "approved"} {
			os.Remove(filepath.Join(b.root, "approval", f))
		}
		proc := b.start(t, dispatch("staging"), map[string]string{"OLYMPUS_ACT_APPROVAL_JOB": "apply"})
		waitForFile(t, filepath.Join(b.root, "approval", "waiting"), proc, 8*time.Minute)
		// While the apply job waits for its approval, another apply.
		b.applyBehindTheWorkflowsBack(t, "staging")
		before, _ := b.state(t, "staging")
		write(t, filepath.Join(b.root, "approval", "approved"), nil, 0o644)
		res := b.wait(t, proc)
		if res.ExitCode == 0 || res.JobResult("plan") != "success" || res.JobResult("apply") != "failure" {
			t.Fatalf("exit %d, plan %q, apply %q\n%s", res.ExitCode, res.JobResult("plan"), res.JobResult("apply"), res.Raw)
		}
		log := res.Log("apply")
		for _, want := range []string{"the reviewed plan is stale", "Re-run all jobs"} {
			if !strings.Contains(log, want) {
				t.Errorf("the apply job does not say %q:\n%s", want, log)
			}
		}
		if after, _ := b.state(t, "staging"); after != before {
			t.Errorf("the stale plan changed the state: serial %d -> %d", before, after)
		}
		if svc, _ := b.cloud("staging").GetService("olympus-api-staging"); svc.Env["LOG_LEVEL"] != "warn" {
			t.Errorf("staging's service %+v, want the change made meanwhile, untouched", svc.Env)
		}
		for _, d := range b.deployments("staging") {
			if b.lastState(d) == "success" {
				t.Errorf("a stale plan was recorded as a successful deployment: %+v", d)
			}
		}
		staleSum = res.Outputs("plan")["plan-sha256"]
	})

	t.Run("dispatch staging after dev: the plan job's plan is applied and recorded", func(t *testing.T) {
		res := b.run(t, dispatch("staging"))
		if res.ExitCode != 0 || res.JobResult("plan") != "success" || res.JobResult("apply") != "success" {
			t.Fatalf("exit %d, plan %q, apply %q\n%s", res.ExitCode, res.JobResult("plan"), res.JobResult("apply"), res.Raw)
		}
		planned := res.Outputs("plan")["plan-sha256"]
		applied := res.Outputs("apply")["plan-sha256"]
		if !strings.HasPrefix(planned, "staging=") || applied != planned {
			t.Fatalf("the plan job saved %q, the apply job applied %q", planned, applied)
		}
		if planned == staleSum {
			t.Errorf("the new plan has the stale plan's hash %s", staleSum)
		}
		sum := strings.TrimPrefix(planned, "staging=")
		// What the approver saw before approving: the plan and its hash.
		shown := res.Summary("plan")
		for _, want := range []string{"## Plan for `staging`", "| update | `localcloud_service.api` |", sum} {
			if !strings.Contains(shown, want) {
				t.Errorf("the plan job's summary lacks %q:\n%s", want, shown)
			}
		}
		// The artifact is the plan, encrypted: nothing of it readable.
		ct, err := b.artifact(res, "plan-staging", "staging.tfplan.age")
		if err != nil {
			t.Fatalf("the plan job uploaded no encrypted plan: %v", err)
		}
		if !plan.Encrypted(bytes.NewReader(ct)) || bytes.Contains(ct, []byte(canary)) || bytes.Contains(ct, []byte("olympus-api-staging")) {
			t.Error("the artifact is readable")
		}
		if got := b.decryptedSHA256(t, ct); got != sum {
			t.Errorf("the artifact holds a plan with sha256 %s, the plan job showed %s", got, sum)
		}
		deps := b.deployments("staging")
		last := deps[len(deps)-1]
		if last.Task != "deploy:olympus" || last.SHA != b.sha || b.lastState(last) != "success" {
			t.Errorf("staging's last deployment %+v (%s)", last, b.lastState(last))
		}
		if p, _ := last.Payload.(map[string]any); p["plan_sha256"] != sum {
			t.Errorf("the deployment record names plan %v, the plan job's was %s", last.Payload, sum)
		}
		if svc, _ := b.cloud("staging").GetService("olympus-api-staging"); svc.Env["LOG_LEVEL"] != "info" {
			t.Errorf("staging's service %+v, want the configuration applied", svc.Env)
		}
		auths := b.auths(t)
		if tail := auths[len(auths)-2:]; !allAre(tail[:1], "plan", "PLAN") || !allAre(tail[1:], "apply", "DEPLOY") {
			t.Errorf("identities asked for: %q, want the plan identity for plan, the apply identity for apply", tail)
		}
	})

	t.Run("drift.yml: a change by hand in staging opens its issue with the plan identity, no deployment", func(t *testing.T) {
		store := b.cloud("staging")
		inst, err := store.GetSQLInstance("olympus-db-staging")
		if err != nil {
			t.Fatal(err)
		}
		inst.Tier = "db-hand-edited"
		if err := store.PutSQLInstance(inst); err != nil {
			t.Fatal(err)
		}
		deps, auths := len(b.gh.Deployments()), len(b.auths(t))
		p, err := b.runner.Start(context.Background(), act.Run{Event: act.Event{Name: "workflow_dispatch",
			Payload: map[string]any{"ref": "refs/heads/main", "repository": repository}}, Workflow: ".github/workflows/drift.yml"})
		if err != nil {
			t.Fatal(err)
		}
		res := b.wait(t, p)
		// drift-reconcile reports drift (fail-on-drift is off).
		if res.ExitCode != 0 || res.JobResult("drift") != "success" {
			t.Fatalf("exit %d\n%s", res.ExitCode, res.Raw)
		}
		// No release is pinned here: the run builds first, and says so.
		var said bool
		for _, l := range res.Lines {
			said = said || (l.JobID == "build" && l.Command == "notice" && strings.Contains(l.Arg, ".github/released-image names no release yet"))
		}
		if !said {
			t.Errorf("drift.yml builds without saying why:\n%s", res.Log("build"))
		}
		var titles []string
		for _, is := range b.gh.Issues() {
			titles = append(titles, is.Title)
		}
		if !slices.Contains(titles, "Drift in staging: changes made outside Terraform (terraform)") || len(titles) != 1 {
			t.Errorf("issues %q, want one for staging", titles)
		}
		if len(b.gh.Deployments()) != deps {
			t.Errorf("a drift check recorded a deployment")
		}
		if got := b.auths(t)[auths:]; len(got) != 3 || !allAre(got, "drift", "PLAN") {
			t.Errorf("identities asked for: %q, want the plan identity for each environment", got)
		}
		if inst, _ := store.GetSQLInstance("olympus-db-staging"); inst.Tier != "db-hand-edited" {
			t.Errorf("a drift check changed the cloud: tier %q", inst.Tier)
		}
	})

	// act's --json log keeps, in the fields of each ::add-mask:: command
	// it obeyed, the value it was asked to hide (GitHub never shows the
	// command; act's text log prints "***"): those two fields are the only
	// place the secret may be, and it must have been masked there before
	// anything else was printed.
	t.Run("the secret appears in nothing act printed", func(t *testing.T) {
		if len(b.results) == 0 {
			t.Skip("no run")
		}
		secrets := []string{canary, strings.TrimSpace(lastLine(b.key))}
		masked := map[string]bool{}
		for i, res := range b.results {
			for _, raw := range strings.Split(res.Raw, "\n") {
				var l struct {
					Command string `json:"command"`
					Arg     string `json:"arg"`
					Msg     string `json:"msg"`
				}
				if json.Unmarshal([]byte(raw), &l) == nil && l.Command == "add-mask" {
					masked[l.Arg] = true
					raw = l.Msg
				}
				for _, s := range secrets {
					if strings.Contains(raw, s) {
						t.Errorf("run %d printed a secret: %s", i+1, raw)
					}
				}
			}
		}
		for _, s := range secrets {
			if !masked[s] {
				t.Errorf("a secret was never masked with ::add-mask::")
			}
		}
		for _, r := range b.gh.Requests() {
			if strings.Contains(r.Body, canary) {
				t.Errorf("GitHub received the secret: %s %s", r.Method, r.Path)
			}
		}
	})
	t.Logf("the pipeline's runs took %s", time.Since(start).Round(time.Second))
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (b *bed) deployments(env string) []fakegithub.Deployment {
	var out []fakegithub.Deployment
	for _, d := range b.gh.Deployments() {
		if d.Environment == env {
			out = append(out, d)
		}
	}
	return out
}

func (b *bed) lastState(d fakegithub.Deployment) string {
	sts := b.gh.Statuses(d.ID)
	if len(sts) == 0 {
		return ""
	}
	return sts[len(sts)-1].State
}

// allAre reports whether every auth line is job's, with the kind of
// identity (PLAN, DEPLOY, ROLLBACK).
func allAre(lines []string, job, kind string) bool {
	if len(lines) == 0 {
		return false
	}
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) != 3 || f[0] != job || f[1] != identityVars[kind+"_WIF_PROVIDER"] || f[2] != identityVars[kind+"_SERVICE_ACCOUNT"] {
			return false
		}
	}
	return true
}
