package plancomment

import (
	"bytes"
	"context"
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
)

// events is one ordered record of what the fakes saw.
type events []string

type recordingReporter struct {
	ev      *events
	masks   []string
	outputs map[string]string
}

func (r *recordingReporter) Mask(s string) {
	r.masks = append(r.masks, s)
	*r.ev = append(*r.ev, "mask "+s)
}
func (r *recordingReporter) Redact(s string) string {
	for _, m := range r.masks {
		s = strings.ReplaceAll(s, m, "***")
	}
	return s
}
func (r *recordingReporter) SetOutput(n, v string)    { r.outputs[n] = v }
func (r *recordingReporter) Summary(string)           { *r.ev = append(*r.ev, "summary") }
func (r *recordingReporter) Annotate(step.Annotation) {}
func (r *recordingReporter) Logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// fakeTerraform plays the session: it saves a plan and masks its secrets
// (the session's tests show that it does so before terraform's output
// prints).
type fakeTerraform struct {
	ev   *events
	plan *tfjson.Plan
	mask func(string)
}

func (f *fakeTerraform) PlanEach(_ context.Context, jobs []terraform.Job) []*terraform.Outcome {
	var out []*terraform.Outcome
	for _, j := range jobs {
		*f.ev = append(*f.ev, "plan "+j.Environment)
		o := &terraform.Outcome{Environment: j.Environment}
		o.Err = os.WriteFile(j.Plans[0].Out, []byte("saved plan of "+j.Environment), 0o600)
		for _, v := range policy.Secrets(f.plan) {
			f.mask(v)
		}
		o.Plans = []*terraform.Shown{{File: j.Plans[0].Out, Plan: f.plan}}
		out = append(out, o)
	}
	return out
}

type recordingCommenter struct {
	ev    *events
	plans []*EnvPlan
}

func (c *recordingCommenter) Upsert(_ context.Context, plans []*EnvPlan, mode string) (Comment, error) {
	*c.ev = append(*c.ev, "comment "+mode)
	c.plans = plans
	return Comment{URL: "https://github.com/o/r/pull/7#issuecomment-1"}, nil
}

func TestProcessPlansThenReportsThenComments(t *testing.T) {
	ev := &events{}
	secretPlan := &tfjson.Plan{FormatVersion: "1.2", OutputChanges: map[string]*tfjson.Change{
		"db": {Actions: tfjson.Actions{tfjson.ActionCreate}, After: map[string]any{"password": "pw-canary-123"}},
	}}
	dir := t.TempDir()
	cfg := &config{shownDir: "terraform", mode: "update", order: policy.MustOrder(policy.DefaultOrder), protected: policy.NewProtected(nil),
		jobs: []*job{{env: "dev", planFile: filepath.Join(dir, "dev.tfplan")}}}
	rep := &recordingReporter{ev: ev, outputs: map[string]string{}}
	com := &recordingCommenter{ev: ev}
	pc := &PlanComment{Config: cfg, TF: &fakeTerraform{ev: ev, plan: secretPlan, mask: rep.Mask}, Comments: com, Report: rep}
	if err := pc.Process(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := events{"plan dev", "mask pw-canary-123", "summary", "comment update"}
	if diff := cmp.Diff(want, *ev); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if rep.outputs["has-changes"] != "true" || rep.outputs["comment-url"] == "" || !strings.HasPrefix(rep.outputs["plan-sha256"], "dev=") {
		t.Errorf("outputs %v", rep.outputs)
	}
	var body bytes.Buffer
	body.WriteString(com.plans[0].Render(Full, CommentLimit))
	if strings.Contains(body.String(), "pw-canary-123") {
		t.Errorf("the rendering shows the secret:\n%s", body.String())
	}
}

func TestVerdictOnProtectedDestroys(t *testing.T) {
	destroy := &EnvPlan{Environment: "prod", Protected: policy.NewProtected([]string{"google_sql_database_instance"}), Plan: &tfjson.Plan{
		ResourceChanges: []*tfjson.ResourceChange{{Address: "google_sql_database_instance.db", Type: "google_sql_database_instance",
			Mode: tfjson.ManagedResourceMode, Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionDelete}}}}}}
	rep := &recordingReporter{ev: &events{}, outputs: map[string]string{}}
	labelled := &pullRequest{Labels: []struct {
		Name string `json:"name"`
	}{{Name: "allow-destroy"}}}
	for _, tc := range []struct {
		pr   *pullRequest
		exit int
	}{{nil, step.ExitVerdict}, {&pullRequest{}, step.ExitVerdict}, {labelled, step.ExitOK}} {
		if got := step.ExitCode(verdict([]*EnvPlan{destroy}, tc.pr, "allow-destroy", rep)); got != tc.exit {
			t.Errorf("pr %+v: exit %d, want %d", tc.pr, got, tc.exit)
		}
	}
}
