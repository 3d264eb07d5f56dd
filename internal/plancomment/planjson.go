package plancomment

import (
	"fmt"
	"os"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/plan"
	"github.com/olympus-cloud/deploy-actions/internal/step"
)

// readPlanJSON reads a plan-json input with plan.Parse, streamed from the
// file: a plan of 100,000 resources is never held whole in memory. A
// malformed plan is bad input (exit 2), named.
func readPlanJSON(j *job) (*tfjson.Plan, []string, error) {
	f, err := os.Open(j.planJSON)
	if err != nil {
		return nil, nil, step.InputError("plan-json", j.shownJSON, fmt.Errorf("cannot read it: %v", err))
	}
	defer f.Close()
	p, err := plan.Parse(f)
	if err != nil {
		return nil, nil, step.InputError("plan-json", j.shownJSON, fmt.Errorf("%v; pass the file `terraform show -json PLANFILE` writes", err))
	}
	return p.Plan, p.Secrets, nil
}
