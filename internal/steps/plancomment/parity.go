package plancomment

import (
	"fmt"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy/parity"
)

// reviewedRecord is the hidden line that records what env's section
// shows the reviewers (issue 23, plan parity on merge): the digest of
// the plan's change set, at the most detail that fits the record's share
// of the comment (parity.Budget for the environments of the promotion
// order, since every environment's job writes its own section and
// record into the one comment). deploy reads it back on the push to
// main that merges the pull request, from our own comment only, and
// refuses an apply that destroys, replaces or adds what nobody reviewed.
//
// secrets are the plan's secret texts: a value that holds one is
// recorded as withheld, never hashed (see package parity).
func reviewedRecord(env string, p *tfjson.Plan, secrets []string, environments int) (string, error) {
	cs, err := parity.Digest(p, secrets)
	if err != nil {
		return "", fmt.Errorf("failed to record the reviewed change set of %s: %w", env, err)
	}
	rec, err := cs.Encode(parity.Budget(environments))
	if err != nil {
		return "", fmt.Errorf("failed to record the reviewed change set of %s: %w", env, err)
	}
	return parity.Marker(env, rec)
}
