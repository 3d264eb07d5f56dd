package plancomment

import (
	"bufio"
	"fmt"
	"io"
	"os"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// readPlanJSON reads a plan-json input with plan.Parse, streamed from the
// file: a plan of 100,000 resources is never held whole in memory. A
// malformed plan is bad input (exit 2), named. The job's planSHA256 is
// set: the file is the plan reviewed.
func readPlanJSON(j *job) (*tfjson.Plan, []string, error) {
	f, err := os.Open(j.planJSON)
	if err != nil {
		return nil, nil, step.InputError("plan-json", j.shownJSON, fmt.Errorf("cannot read it: %v", err))
	}
	defer f.Close()
	in := bufio.NewReaderSize(f, 1<<20)
	// The file is the plan reviewed: it is hashed as it is read, on another
	// core, so that the plan-sha256 output is the hash of the very bytes
	// rendered.
	h := plan.NewHasher()
	p, err := plan.Parse(io.TeeReader(in, h))
	if err == nil {
		// Parse read to the end; a hash of the whole file whatever happens.
		_, err = io.Copy(h, in)
	}
	sum := h.Sum()
	if err != nil {
		return nil, nil, step.InputError("plan-json", j.shownJSON, fmt.Errorf("%v; pass the file `terraform show -json PLANFILE` writes", err))
	}
	j.planSHA256 = sum
	return p.Plan, p.Secrets, nil
}
