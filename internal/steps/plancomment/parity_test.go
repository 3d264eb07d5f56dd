package plancomment

import (
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy/parity"
)

// Each environment's record travels at the head of its section, hidden,
// outside the sanitised rendering: the body stays within GitHub's limit
// however large the plans, another job's section keeps its record, and
// deploy reads each back and finds the plan it was made from exactly.
func TestRecordsTravelInTheComment(t *testing.T) {
	order := policy.MustOrder(policy.DefaultOrder)
	for _, n := range []int{10, 2000, 50000} {
		devPlan, prodPlan := bigPlan(3), bigPlan(n)
		dev := &EnvPlan{Environment: "dev", Plan: devPlan, Order: order}
		prod := &EnvPlan{Environment: "prod", Plan: prodPlan, Order: order}
		var err error
		for _, e := range []*EnvPlan{dev, prod} {
			if e.Record, err = reviewedRecord(e.Environment, e.Plan, nil, len(order)); err != nil {
				t.Fatal(err)
			}
		}
		existing := Merge("terraform", "", []*EnvPlan{dev}, CommentLimit)
		body := Merge("terraform", existing, []*EnvPlan{prod}, CommentLimit)
		if len(body) > CommentLimit {
			t.Fatalf("%d resources: %d bytes", n, len(body))
		}
		t.Logf("%d resources in prod: prod's record %d bytes, dev's %d, the body %d of %d", n, len(prod.Record), len(dev.Record), len(body), CommentLimit)
		if !strings.HasPrefix(body, parity.CommentMarker("terraform")) {
			t.Errorf("the body does not start with the marker deploy looks for")
		}
		for env, p := range map[string]*tfjson.Plan{"dev": devPlan, "prod": prodPlan} {
			cs, found, err := parity.FindRecord(body, env)
			if err != nil || !found {
				t.Fatalf("%d resources: the record of %s: found %v, %v", n, env, found, err)
			}
			if c := parity.Compare(cs, p, nil); !c.Exact {
				t.Errorf("%d resources: %s is not exactly itself: %v", n, env, c.Differences)
			}
			if !strings.HasPrefix(ParseSections(body)[env], "<!-- olympus:reviewed env="+env+" ") {
				t.Errorf("%d resources: the record of %s is not at the head of its section", n, env)
			}
		}
	}
}
