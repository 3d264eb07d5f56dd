package plancomment

import (
	"bytes"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

func TestMain(m *testing.M) { harness.Main(m) }

// parse reads a plan held in memory as the step reads a plan-json file.
func parse(b []byte) (*tfjson.Plan, error) {
	p, err := plan.Parse(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return p.Plan, nil
}
