package reconcile

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/go-version"
	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// The pure decisions of drift-reconcile besides the analysis itself
// (Analyze): what to plan, when the schemas are needed, whether to revert.

// driftInNormalPlan is the first terraform whose normal plan lists in
// resource_drift every change a refresh-only plan shows (0.15.4 left out
// the unchanged entries; the moved-only ones, which a normal plan leaves
// out since, hold no attribute to report).
var driftInNormalPlan = version.Must(version.NewVersion("0.15.4"))

// refreshOnlyNeeded says whether a refresh-only plan must run beside the
// normal one to see every drift: only for a terraform whose normal plan
// may not list it all. TestOnePlanShowsAllTheDrift checks the property on
// the test bed's terraform: changed, deleted, ignore_changes (one
// attribute and all), orphaned, tainted and moved resources, and pinned
// traffic in the prior state.
func refreshOnlyNeeded(v *version.Version) bool {
	return v == nil || v.LessThan(driftInNormalPlan)
}

// needsSchema reports whether some drifted attribute is neither
// operational nor changed back by the plan: only the schema can then tell
// whether the code could set it.
func needsSchema(refresh, normal *tfjson.Plan) bool {
	planned := map[string]*tfjson.ResourceChange{}
	for _, rc := range normal.ResourceChanges {
		if rc != nil && rc.Change != nil {
			planned[rc.Address] = rc
		}
	}
	for _, rc := range policy.Drifted(refresh) {
		if rc.Change.After == nil {
			continue
		}
		for _, l := range policy.Leaves(rc.Change) {
			if !policy.Operational(rc.Type, l.Path) && !policy.PlannedAt(planned[rc.Address], l.Path) {
				return true
			}
		}
	}
	return false
}

// revertDecision says whether the environment's plan may be applied to
// revert its drift: nil with nothing to revert, else the refusal.
func revertDecision(f Findings, normal *tfjson.Plan, protected policy.Protected) (apply bool, refusal string) {
	// Drift that the code does not set is not changed back by an apply,
	// which would only record it in the state and lose it.
	if !slices.ContainsFunc(f.Resources, func(r ResourceDrift) bool { return r.Revert != policy.NoOp }) {
		return false, ""
	}
	var blocked []string
	for _, c := range protected.PlanDestroys(normal) {
		blocked = append(blocked, string(c.Action)+" "+c.Address)
	}
	if len(blocked) > 0 {
		return false, fmt.Sprintf("the revert would %s, which are protected (protected-types); revert through deploy with allow-destroy if that is intended.", strings.Join(blocked, ", "))
	}
	return true, ""
}
