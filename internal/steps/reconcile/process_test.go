package reconcile

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// fakeDetector plays the workers: given detections or errors, and a
// journal of reverts.
type fakeDetector struct {
	found    map[string]*Detection
	failed   map[string]error
	reverted []string
	revert   error
}

func (f *fakeDetector) Detect(_ context.Context, envs []string) (map[string]*Detection, map[string]error) {
	return f.found, f.failed
}

func (f *fakeDetector) Revert(_ context.Context, env string) error {
	f.reverted = append(f.reverted, env)
	return f.revert
}

type fakeReporter struct {
	outputs map[string]string
	summary strings.Builder
	masks   []string
}

func (r *fakeReporter) Mask(s string)            { r.masks = append(r.masks, s) }
func (r *fakeReporter) SetOutput(n, v string)    { r.outputs[n] = v }
func (r *fakeReporter) Summary(md string)        { r.summary.WriteString(md) }
func (r *fakeReporter) Annotate(step.Annotation) {}
func (r *fakeReporter) Logger() *slog.Logger     { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
func (r *fakeReporter) Redact(s string) string {
	for _, m := range r.masks {
		s = strings.ReplaceAll(s, m, "***")
	}
	return s
}

// detection of a database whose tier was changed by hand; replace makes
// the plan replace it instead (a protected destroy when the type is
// protected).
func detection(replace bool) *Detection {
	drifted := &tfjson.ResourceChange{Address: "localcloud_sql_instance.db", Type: "localcloud_sql_instance", Mode: tfjson.ManagedResourceMode,
		Change: change(update, map[string]any{"tier": "db-f1-micro"}, map[string]any{"tier": "db-custom-2-7680"}, nil, nil)}
	actions := update
	if replace {
		actions = tfjson.Actions{tfjson.ActionDelete, tfjson.ActionCreate}
	}
	planned := &tfjson.ResourceChange{Address: drifted.Address, Type: drifted.Type, Mode: drifted.Mode,
		Change: change(actions, map[string]any{"tier": "db-custom-2-7680"}, map[string]any{"tier": "db-f1-micro"}, nil, nil)}
	return &Detection{Refresh: &tfjson.Plan{ResourceDrift: []*tfjson.ResourceChange{drifted}},
		Normal: &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{planned}}}
}

func clean() *Detection { return &Detection{Refresh: &tfjson.Plan{}, Normal: &tfjson.Plan{}} }

func reconciler(t *testing.T, cfg *Config, d Detector, issues *fakeIssues) (*Reconciler, *fakeReporter) {
	rep := &fakeReporter{outputs: map[string]string{}}
	loc := locator(t)
	r := &Reconciler{Config: cfg, Detector: d, Report: rep, Redact: rep.Redact, Now: func() time.Time { return issues.now },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Locate: func(string) Locator { return loc }}
	if issues != nil {
		r.Tracker = tracker(issues)
		r.Tracker.Redact = rep.Redact
	}
	return r, rep
}

func TestProcess(t *testing.T) {
	order := policy.MustOrder("dev,staging,prod")
	for _, tc := range []struct {
		name     string
		cfg      Config
		det      *fakeDetector
		exit     int
		outputs  map[string]string
		reverted []string
		issues   int // open drift issues after the run
	}{
		{name: "drift in two environments, report only",
			cfg: Config{Order: order, Environments: []string{"dev", "staging", "prod"}},
			det: &fakeDetector{found: map[string]*Detection{"dev": detection(false), "staging": detection(false), "prod": clean()}},
			outputs: map[string]string{"drifted": "true", "drifted-environments": "dev,staging", "resources": "2",
				"issue-urls": "dev=https://github.com/o/r/issues/1\nstaging=https://github.com/o/r/issues/2"},
			issues: 2},
		{name: "fail-on-drift exits 1 after the issues are written",
			cfg:     Config{Order: order, Environments: []string{"dev"}, FailOnDrift: true},
			det:     &fakeDetector{found: map[string]*Detection{"dev": detection(false)}},
			exit:    1,
			outputs: map[string]string{"drifted": "true", "drifted-environments": "dev", "resources": "1", "issue-urls": "dev=https://github.com/o/r/issues/1"},
			issues:  1},
		{name: "a revert applies and leaves a closed record",
			cfg:      Config{Order: order, Environments: []string{"dev"}, Revert: true, RevertEnvironments: []string{"dev"}},
			det:      &fakeDetector{found: map[string]*Detection{"dev": detection(false)}},
			outputs:  map[string]string{"drifted": "false", "drifted-environments": "", "resources": "0", "issue-urls": "dev=https://github.com/o/r/issues/1"},
			reverted: []string{"dev"}},
		{name: "a revert does not apply for drift that the code would not change back",
			cfg: Config{Order: order, Environments: []string{"dev"}, Revert: true, RevertEnvironments: []string{"dev"}},
			det: &fakeDetector{found: map[string]*Detection{"dev": {Refresh: &tfjson.Plan{ResourceDrift: []*tfjson.ResourceChange{
				{Address: "localcloud_sql_instance.db", Type: "localcloud_sql_instance", Mode: tfjson.ManagedResourceMode,
					Change: change(update, map[string]any{"backup_window": "02:00"}, map[string]any{"backup_window": "04:00"}, nil, nil)}}},
				Normal: &tfjson.Plan{}}}},
			outputs: map[string]string{"drifted": "true", "drifted-environments": "dev", "resources": "1", "issue-urls": "dev=https://github.com/o/r/issues/1"},
			issues:  1},
		{name: "a revert that would destroy a protected resource is refused",
			cfg:     Config{Order: order, Environments: []string{"dev"}, Revert: true, RevertEnvironments: []string{"dev"}, Protected: policy.NewProtected([]string{"localcloud_sql_instance"})},
			det:     &fakeDetector{found: map[string]*Detection{"dev": detection(true)}},
			exit:    1,
			outputs: map[string]string{"drifted": "true", "drifted-environments": "dev", "resources": "1", "issue-urls": "dev=https://github.com/o/r/issues/1"},
			issues:  1},
		{name: "a failed revert is an external failure",
			cfg:      Config{Order: order, Environments: []string{"dev"}, Revert: true, RevertEnvironments: []string{"dev"}},
			det:      &fakeDetector{found: map[string]*Detection{"dev": detection(false)}, revert: errors.New("state locked")},
			exit:     3,
			outputs:  map[string]string{"drifted": "true", "drifted-environments": "dev", "resources": "1", "issue-urls": "dev=https://github.com/o/r/issues/1"},
			reverted: []string{"dev"},
			issues:   1},
		// Issue 21: the outputs said drifted=false and resources=0 before
		// the run failed with exit 3; they say what is not known.
		{name: "an environment that cannot be checked keeps its issue and fails the run",
			cfg:     Config{Order: order, Environments: []string{"dev", "staging"}},
			det:     &fakeDetector{found: map[string]*Detection{"dev": clean()}, failed: map[string]error{"staging": errors.New("staging: terraform failed")}},
			exit:    3,
			outputs: map[string]string{"drifted": "unknown", "drifted-environments": "", "resources": "unknown", "issue-urls": ""},
			issues:  1},
		{name: "an environment that cannot be checked leaves drift found elsewhere known",
			cfg:     Config{Order: order, Environments: []string{"dev", "staging"}},
			det:     &fakeDetector{found: map[string]*Detection{"dev": detection(false)}, failed: map[string]error{"staging": errors.New("staging: terraform failed")}},
			exit:    3,
			outputs: map[string]string{"drifted": "true", "drifted-environments": "dev", "resources": "unknown", "issue-urls": "dev=https://github.com/o/r/issues/2"},
			issues:  2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			issues := newFakeIssues()
			if strings.HasPrefix(tc.name, "an environment that cannot") {
				issues.add(ActionsBot, "Drift in staging", Marker("staging", ".")+"\n", "open", issues.now.Add(-time.Hour), "drift")
			}
			cfg := tc.cfg
			cfg.ShownDir = "."
			r, rep := reconciler(t, &cfg, tc.det, issues)
			err := r.Process(context.Background())
			if got := step.ExitCode(err); got != tc.exit {
				t.Fatalf("exit %d (%v), want %d", got, err, tc.exit)
			}
			if diff := cmp.Diff(tc.outputs, rep.outputs); diff != "" {
				t.Errorf("outputs (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.reverted, tc.det.reverted); diff != "" {
				t.Errorf("reverts (-want +got):\n%s", diff)
			}
			open := 0
			for _, is := range issues.issues {
				if is.State == "open" && strings.HasPrefix(is.Body, "<!-- olympus:drift-reconcile") {
					open++
				}
			}
			if open != tc.issues {
				t.Errorf("%d open drift issues, want %d", open, tc.issues)
			}
		})
	}
}

func TestProcessMasksThePlansBeforeReporting(t *testing.T) {
	d := detection(false)
	d.Refresh.ResourceDrift[0].Change.After.(map[string]any)["password"] = "hunter2-canary"
	r, rep := reconciler(t, &Config{Order: policy.MustOrder("dev"), Environments: []string{"dev"}, ShownDir: "."},
		&fakeDetector{found: map[string]*Detection{"dev": d}}, newFakeIssues())
	if err := r.Process(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(strings.Join(rep.masks, "\n"), "hunter2-canary") || strings.Contains(rep.summary.String(), "hunter2-canary") {
		t.Errorf("masks %q\nsummary:\n%s", rep.masks, rep.summary.String())
	}
}
