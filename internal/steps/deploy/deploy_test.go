package deploy

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
)

// journal is one ordered record of what the fakes saw, so a test can check
// that the plan reached the summary before the apply began.
type journal []string

type fakeTF struct {
	log      *journal
	plan     *tfjson.Plan
	applyErr error
}

func (f *fakeTF) Init(_ context.Context, _, backend string) error {
	*f.log = append(*f.log, "init "+filepath.Base(backend))
	return nil
}

func (f *fakeTF) Plan(_ context.Context, j terraform.Job) ([]*terraform.Shown, error) {
	if !j.Initialized {
		*f.log = append(*f.log, "init "+filepath.Base(j.Backend))
	}
	var shown []*terraform.Shown
	for _, p := range j.Plans {
		if !p.Given {
			vf := ""
			for _, v := range j.VarFiles {
				vf += " " + filepath.Base(v)
			}
			if j.NoLock {
				vf += " -lock=false"
			}
			*f.log = append(*f.log, "plan "+filepath.Base(p.Out)+vf)
			// A saved plan of its own, for the hash.
			if err := os.WriteFile(p.Out, []byte("PK saved plan of "+filepath.Base(p.Out)), 0o600); err != nil {
				return nil, err
			}
		}
		*f.log = append(*f.log, "show "+filepath.Base(p.Out))
		shown = append(shown, &terraform.Shown{File: p.Out, Plan: f.plan})
	}
	return shown, nil
}

var fakeOutputs = map[string]terraform.Output{"url": {Value: []byte(`"https://api"`)}}

func (f *fakeTF) Outputs(context.Context, string) (map[string]terraform.Output, error) {
	*f.log = append(*f.log, "outputs")
	return fakeOutputs, nil
}

func (f *fakeTF) Apply(_ context.Context, _, p string) (map[string]terraform.Output, error) {
	*f.log = append(*f.log, "apply "+filepath.Base(p))
	if f.applyErr != nil {
		return nil, f.applyErr
	}
	*f.log = append(*f.log, "outputs")
	return fakeOutputs, nil
}

type fakeReporter struct {
	log     *journal
	outputs map[string]string
	summary strings.Builder
	masks   []string
}

func (r *fakeReporter) Mask(s string) { r.masks = append(r.masks, s) }
func (r *fakeReporter) SetOutput(n, v string) {
	r.outputs[n] = v
}
func (r *fakeReporter) Summary(md string) {
	*r.log = append(*r.log, "summary "+strings.SplitN(strings.TrimSpace(md), "\n", 2)[0])
	r.summary.WriteString(md)
}
func (r *fakeReporter) Annotate(step.Annotation) {}
func (r *fakeReporter) Redact(s string) string {
	for _, m := range r.masks {
		s = strings.ReplaceAll(s, m, "***")
	}
	return s
}
func (r *fakeReporter) Logger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func loadPlan(t *testing.T, name string) *tfjson.Plan {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "domain", "policy", "testdata", "terraform-json", name))
	if err != nil {
		t.Fatal(err)
	}
	var p tfjson.Plan
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

func newDeployer(t *testing.T, p *tfjson.Plan, applyErr error) (*Deployer, *journal, *fakeReporter) {
	log := &journal{}
	rep := &fakeReporter{log: log, outputs: map[string]string{}}
	d := &Deployer{
		Config: Config{Environment: "staging", Dir: "/w", BackendConfig: "/w/environments/staging/backend.tfbackend",
			VarFiles: []string{"/w/environments/staging/terraform.tfvars"}, ShownDir: "terraform", ShownBackend: "environments/staging/backend.tfbackend",
			Promotion: Promotion{Order: policy.MustOrder(policy.DefaultOrder)}, Shown: func(p string) string { return "shown:" + filepath.Base(p) }},
		TF:      &fakeTF{log: log, plan: p, applyErr: applyErr},
		Report:  rep,
		PlanDir: t.TempDir(),
	}
	return d, log, rep
}

func TestProcessShowsThePlanBeforeApplyingIt(t *testing.T) {
	d, log, rep := newDeployer(t, loadPlan(t, "action_reason__plan.json"), nil)
	if err := d.Process(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := journal{
		"init backend.tfbackend",
		"plan staging.tfplan terraform.tfvars",
		"show staging.tfplan",
		"summary ## Deploy to `staging`",
		"apply staging.tfplan",
		"outputs",
		"summary **Result:** applied to `staging`: 1 added, 0 changed, 1 destroyed.",
	}
	if diff := cmp.Diff(want, *log); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	wantOut := map[string]string{"outcome": "applied", "has-changes": "true", "add": "1", "change": "0", "destroy": "1", "replace": "1", "terraform-outputs": `{"url":"https://api"}`}
	if diff := cmp.Diff(wantOut, rep.outputs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	golden.Check(t, "summary-replace.md", rep.summary.String())
}

func TestProcessWithoutChangesDoesNotApply(t *testing.T) {
	d, log, rep := newDeployer(t, &tfjson.Plan{FormatVersion: "1.2", TerraformVersion: "1.11.4"}, nil)
	if err := d.Process(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, c := range *log {
		if strings.HasPrefix(c, "apply") {
			t.Errorf("applied a plan without changes: %v", *log)
		}
	}
	if rep.outputs["outcome"] != "no-changes" {
		t.Errorf("outcome = %q", rep.outputs["outcome"])
	}
	golden.Check(t, "summary-no-changes.md", rep.summary.String())
}

func TestProcessReportsAFailedApply(t *testing.T) {
	d, _, rep := newDeployer(t, loadPlan(t, "basic__plan.json"), errors.New("failed to apply: Error: quota exceeded"))
	err := d.Process(context.Background())
	if step.ExitCode(err) != step.ExitExternal {
		t.Errorf("exit code %d, want %d", step.ExitCode(err), step.ExitExternal)
	}
	if rep.outputs["outcome"] != "failed" {
		t.Errorf("outcome = %q", rep.outputs["outcome"])
	}
	golden.Check(t, "summary-failed.md", rep.summary.String())
}

// fakeDeployments records the promotion checks and records, in the journal.
type fakeDeployments struct {
	log       *journal
	succeeded map[string]bool
	payloads  []map[string]any
}

func (f *fakeDeployments) Succeeded(_ context.Context, sha, env string) (bool, []string, error) {
	*f.log = append(*f.log, "succeeded? "+env)
	return f.succeeded[env], nil, nil
}

func (f *fakeDeployments) Create(_ context.Context, sha, env, _ string, payload map[string]any) (int64, error) {
	*f.log = append(*f.log, "record "+env)
	f.payloads = append(f.payloads, payload)
	return 7, nil
}

func (f *fakeDeployments) SetStatus(_ context.Context, _ int64, state, _, _ string) error {
	*f.log = append(*f.log, "status "+state)
	return nil
}

func TestPlanModeChecksThePromotionPlansWithoutTheLockAndSavesThePlan(t *testing.T) {
	d, log, rep := newDeployer(t, loadPlan(t, "action_reason__plan.json"), nil)
	d.Config.Mode, d.Config.PlanOut, d.Config.Ref, d.Config.Promotion.AllowedRefs = ModePlan, t.TempDir(), "refs/heads/main", []string{"refs/heads/main"}
	deps := &fakeDeployments{log: log, succeeded: map[string]bool{"dev": true}}
	d.Deployments = deps
	if err := d.Process(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := journal{
		"succeeded? dev",
		"init backend.tfbackend",
		"plan staging.tfplan terraform.tfvars -lock=false",
		"show staging.tfplan",
		"summary ## Plan for `staging`",
		"summary **Result:** planned for `staging`; nothing was applied. The plan is saved (sha256 `" + sha256Of("PK saved plan of staging.tfplan") + "`): approving the apply job applies exactly this plan, and if the state of `staging` changes before then, the apply refuses it and the workflow must be re-run.",
	}
	if diff := cmp.Diff(want, *log); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	saved := filepath.Join(d.Config.PlanOut, "staging.tfplan")
	if b, err := os.ReadFile(saved); err != nil || string(b) != "PK saved plan of staging.tfplan" {
		t.Errorf("saved plan: %q, %v", b, err)
	}
	if st, err := os.Stat(saved); err == nil && st.Mode().Perm() != 0o600 {
		t.Errorf("saved plan mode %v, want 0600", st.Mode().Perm())
	}
	wantOut := map[string]string{"outcome": "planned", "has-changes": "true", "add": "1", "change": "0", "destroy": "1", "replace": "1",
		"plan-file": "shown:staging.tfplan", "plan-sha256": "staging=" + sha256Of("PK saved plan of staging.tfplan")}
	if diff := cmp.Diff(wantOut, rep.outputs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
	golden.Check(t, "summary-planned.md", rep.summary.String())
}

func TestPlanModeFailsBeforeTheApprovalOnARefusedPromotion(t *testing.T) {
	d, log, rep := newDeployer(t, loadPlan(t, "action_reason__plan.json"), nil)
	d.Config.Mode, d.Config.PlanOut, d.Config.Ref, d.Config.Promotion.AllowedRefs = ModePlan, t.TempDir(), "refs/heads/main", []string{"refs/heads/main"}
	d.Deployments = &fakeDeployments{log: log, succeeded: map[string]bool{}}
	err := d.Process(context.Background())
	if step.ExitCode(err) != step.ExitVerdict || !strings.Contains(err.Error(), "deploy it to dev first") {
		t.Fatalf("err = %v", err)
	}
	if diff := cmp.Diff(journal{"succeeded? dev", "summary **Result:** plan for `staging` refused; nothing was applied."}, *log); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if rep.outputs["plan-file"] != "" || rep.outputs["outcome"] != "refused" {
		t.Errorf("outputs %v", rep.outputs)
	}
}

func TestPlanModeRefusesAProtectedDestroyBeforeSavingIt(t *testing.T) {
	d, _, rep := newDeployer(t, loadPlan(t, "action_reason__plan.json"), nil)
	d.Config.Mode, d.Config.PlanOut = ModePlan, t.TempDir()
	d.Config.Protected = policy.NewProtected([]string{"null_resource"})
	err := d.Process(context.Background())
	if step.ExitCode(err) != step.ExitVerdict || !strings.Contains(err.Error(), "protected") {
		t.Fatalf("err = %v", err)
	}
	if files, _ := os.ReadDir(d.Config.PlanOut); len(files) != 0 || rep.outputs["plan-file"] != "" {
		t.Errorf("a refused plan was saved: %v %v", files, rep.outputs)
	}
}

func TestApplyRecordsTheReviewedPlansHash(t *testing.T) {
	d, log, rep := newDeployer(t, loadPlan(t, "action_reason__plan.json"), nil)
	deps := &fakeDeployments{log: log, succeeded: map[string]bool{"dev": true}}
	d.Deployments = deps
	d.Config.Ref, d.Config.Promotion.AllowedRefs = "refs/heads/main", []string{"refs/heads/main"}
	// A fresh plan: no reviewed hash to record.
	if err := d.Process(context.Background()); err != nil {
		t.Fatal(err)
	}
	if deps.payloads[0]["plan_sha256"] != nil || rep.outputs["plan-sha256"] != "" {
		t.Errorf("a plan made in the same job is recorded as reviewed: %v %v", deps.payloads, rep.outputs)
	}
}

func sha256Of(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}
