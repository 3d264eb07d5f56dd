package reconcile

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
)

func TestRefreshOnlyPlanOnlyForTerraformsWithoutTheDriftInTheNormalPlan(t *testing.T) {
	for v, want := range map[string]bool{"0.15.3": true, "0.15.4": false, "1.5.0": false, "1.11.4": false} {
		if got := refreshOnlyNeeded(version.Must(version.NewVersion(v))); got != want {
			t.Errorf("terraform %s: refresh-only plan needed = %v, want %v", v, got, want)
		}
	}
}

// fakeSession records the jobs and answers each plan with a plan of its
// own.
type fakeSession struct {
	jobs    []terraform.Job
	schemas []string
}

func (f *fakeSession) PlanEach(_ context.Context, jobs []terraform.Job) []*terraform.Outcome {
	f.jobs = jobs
	var out []*terraform.Outcome
	for _, j := range jobs {
		o := &terraform.Outcome{Environment: j.Environment}
		for _, p := range j.Plans {
			o.Plans = append(o.Plans, &terraform.Shown{File: p.Out, Plan: &tfjson.Plan{FormatVersion: p.Out}})
		}
		out = append(out, o)
	}
	return out
}

func (f *fakeSession) Schemas(_ context.Context, e string) (*tfjson.ProviderSchemas, error) {
	f.schemas = append(f.schemas, e)
	return &tfjson.ProviderSchemas{}, nil
}

func (f *fakeSession) Apply(context.Context, string, string) (map[string]terraform.Output, error) {
	return nil, nil
}

func TestDetectionRunsOnePlanUnlessARefreshOnlyOneIsNeeded(t *testing.T) {
	cfg := &Config{Backends: map[string]string{"dev": "dev.tfbackend"}, VarFiles: map[string][]string{"dev": {"dev.tfvars"}}}
	for _, refreshOnly := range []bool{false, true} {
		tf := &fakeSession{}
		d := &sessionDetector{tf: tf, cfg: cfg, dir: "/p", refreshOnly: refreshOnly, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
		found, failed := d.Detect(context.Background(), []string{"dev"})
		if len(failed) != 0 || found["dev"] == nil {
			t.Fatalf("found %v failed %v", found, failed)
		}
		j := tf.jobs[0]
		if !j.NoLock || j.Backend != "dev.tfbackend" || len(j.VarFiles) != 1 {
			t.Errorf("job %+v", j)
		}
		det := found["dev"]
		switch {
		case !refreshOnly && (len(j.Plans) != 1 || det.Refresh != det.Normal || det.Normal.FormatVersion != "/p/dev.tfplan"):
			t.Errorf("one plan: plans %+v, refresh %p normal %p", j.Plans, det.Refresh, det.Normal)
		case refreshOnly && (len(j.Plans) != 2 || !j.Plans[0].RefreshOnly || det.Refresh.FormatVersion != "/p/dev.refresh.tfplan" || det.Normal.FormatVersion != "/p/dev.tfplan"):
			t.Errorf("two plans: plans %+v, refresh %q normal %q", j.Plans, det.Refresh.FormatVersion, det.Normal.FormatVersion)
		}
		if len(tf.schemas) != 0 {
			t.Errorf("schemas read for a plan without drift: %v", tf.schemas)
		}
	}
}
