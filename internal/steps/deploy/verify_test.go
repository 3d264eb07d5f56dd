package deploy

import (
	"errors"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

func TestParseService(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Service
		ok   bool
	}{
		{"olympus-dev-7d1e/us-central1/olympus-api", Service{"olympus-dev-7d1e", "us-central1", "olympus-api"}, true},
		{" olympus-dev-7d1e/us-central1/olympus-api ", Service{"olympus-dev-7d1e", "us-central1", "olympus-api"}, true},
		{"olympus-api", Service{}, false},
		{"Olympus/us-central1/api", Service{}, false},
		{"olympus-dev-7d1e/central/api", Service{}, false},
		{"olympus-dev-7d1e/us-central1/API", Service{}, false},
	} {
		got, err := parseService(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("%q: %+v, %v", tc.in, got, err)
		}
	}
}

// The services of a plan: Cloud Run v2 services, all of them to record
// their serving revisions, or those the apply changes to roll back.
func TestCloudRunServices(t *testing.T) {
	svc := func(addr, name string, a tfjson.Actions, after map[string]any) *tfjson.ResourceChange {
		if after == nil {
			after = map[string]any{"project": "olympus-dev-7d1e", "location": "us-central1", "name": name}
		}
		return &tfjson.ResourceChange{Address: addr, Type: "google_cloud_run_v2_service", Mode: tfjson.ManagedResourceMode,
			Change: &tfjson.Change{Actions: a, After: after}}
	}
	p := &tfjson.Plan{ResourceChanges: []*tfjson.ResourceChange{
		svc("module.api.google_cloud_run_v2_service.this", "olympus-api", tfjson.Actions{tfjson.ActionUpdate}, nil),
		svc("google_cloud_run_v2_service.worker", "worker", tfjson.Actions{tfjson.ActionNoop}, nil),
		svc("google_cloud_run_v2_service.gone", "gone", tfjson.Actions{tfjson.ActionDelete}, nil),
		svc("google_cloud_run_v2_service.unknown", "", tfjson.Actions{tfjson.ActionCreate}, map[string]any{"location": "us-central1"}),
		{Address: "google_storage_bucket.b", Type: "google_storage_bucket", Mode: tfjson.ManagedResourceMode,
			Change: &tfjson.Change{Actions: tfjson.Actions{tfjson.ActionUpdate}, After: map[string]any{"name": "b"}}},
	}}
	all, changed := cloudRunServices(p, false), cloudRunServices(p, true)
	if len(all) != 2 || all[0].Name != "olympus-api" || all[1].Name != "worker" {
		t.Errorf("all: %+v", all)
	}
	if len(changed) != 1 || changed[0].String() != "olympus-dev-7d1e/us-central1/olympus-api" {
		t.Errorf("changed: %+v", changed)
	}
}

func TestCheckedOutcome(t *testing.T) {
	if got := checkedOutcome("applied", nil); got != "applied" {
		t.Errorf("passed: %q", got)
	}
	if got := checkedOutcome("applied", step.Refusef("the checks after the apply failed")); got != "verify-failed" {
		t.Errorf("a failed check: %q", got)
	}
	if got := checkedOutcome("no-changes", errors.New("failed to read output")); got != "no-changes" {
		t.Errorf("another error: %q", got)
	}
}
