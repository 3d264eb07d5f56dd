package deploy

import (
	"context"
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

	"github.com/olympus-cloud/deploy-actions/internal/policy"
	"github.com/olympus-cloud/deploy-actions/internal/step"
	"github.com/olympus-cloud/deploy-actions/internal/terraform"
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

func (f *fakeTF) Init(_ context.Context, backend string) error {
	*f.log = append(*f.log, "init "+filepath.Base(backend))
	return nil
}

func (f *fakeTF) Plan(_ context.Context, o terraform.PlanOptions) (bool, error) {
	vf := ""
	for _, v := range o.VarFiles {
		vf += " " + filepath.Base(v)
	}
	*f.log = append(*f.log, "plan "+filepath.Base(o.Out)+vf)
	return policy.Count(f.plan).HasChanges(), nil
}

func (f *fakeTF) ShowPlan(_ context.Context, p string) (*tfjson.Plan, error) {
	*f.log = append(*f.log, "show "+filepath.Base(p))
	return f.plan, nil
}

func (f *fakeTF) Outputs(context.Context) (map[string]terraform.Output, error) {
	*f.log = append(*f.log, "outputs")
	return map[string]terraform.Output{"url": {Value: []byte(`"https://api"`)}}, nil
}

func (f *fakeTF) Apply(_ context.Context, p string, _ io.Writer) error {
	*f.log = append(*f.log, "apply "+filepath.Base(p))
	return f.applyErr
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
	b, err := os.ReadFile(filepath.Join("..", "policy", "testdata", "terraform-json", name))
	if err != nil {
		t.Fatal(err)
	}
	var p tfjson.Plan
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

func newDeployer(p *tfjson.Plan, applyErr error) (*Deployer, *journal, *fakeReporter) {
	log := &journal{}
	rep := &fakeReporter{log: log, outputs: map[string]string{}}
	d := &Deployer{
		Config: Config{Environment: "staging", Dir: "/w", BackendConfig: "/w/environments/staging/backend.tfbackend",
			VarFile: "/w/environments/staging/terraform.tfvars", ShownDir: "terraform", ShownBackend: "environments/staging/backend.tfbackend",
			Promotion: Promotion{Order: policy.MustOrder(policy.DefaultOrder)}},
		TF:      &fakeTF{log: log, plan: p, applyErr: applyErr},
		Report:  rep,
		PlanDir: "/tmp/plans",
	}
	return d, log, rep
}

func TestProcessShowsThePlanBeforeApplyingIt(t *testing.T) {
	d, log, rep := newDeployer(loadPlan(t, "action_reason__plan.json"), nil)
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
	d, log, rep := newDeployer(&tfjson.Plan{FormatVersion: "1.2", TerraformVersion: "1.11.4"}, nil)
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
	d, _, rep := newDeployer(loadPlan(t, "basic__plan.json"), errors.New("failed to apply: Error: quota exceeded"))
	err := d.Process(context.Background())
	if step.ExitCode(err) != step.ExitExternal {
		t.Errorf("exit code %d, want %d", step.ExitCode(err), step.ExitExternal)
	}
	if rep.outputs["outcome"] != "failed" {
		t.Errorf("outcome = %q", rep.outputs["outcome"])
	}
	golden.Check(t, "summary-failed.md", rep.summary.String())
}

func TestProcessMasksSensitivePlanValues(t *testing.T) {
	p := loadPlan(t, "110_sensitive_values__plan.json")
	p.OutputChanges["foo"].After = "bar-secret-value"
	d, _, rep := newDeployer(p, nil)
	if err := d.Process(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(rep.masks, []string{"bar-secret-value"}) {
		t.Errorf("masks = %q, want the plan's sensitive output value", rep.masks)
	}
}
