package plancomment

import (
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// The pure decisions of plan-comment: which protected resources the plans
// destroy, and whether that is allowed.

func protectedDestroys(plans []*EnvPlan) []string {
	var out []string
	for _, e := range plans {
		for _, pd := range e.ProtectedDestroys() {
			out = append(out, e.Environment+": "+pd.Address)
		}
	}
	return out
}

// verdict refuses protected destroys unless the pull request carries the
// label that allows them.
func verdict(plans []*EnvPlan, pr *pullRequest, label string, rep step.Reporter) error {
	protected := protectedDestroys(plans)
	if len(protected) == 0 {
		return nil
	}
	if pr != nil && pr.hasLabel(label) {
		rep.Logger().Warn("protected resources would be destroyed; allowed by the pull request label", "label", label, "resources", protected)
		return nil
	}
	return step.Refusef("the plan destroys or replaces %d protected resource(s) (%s); add the %q label to the pull request if that is intended",
		len(protected), strings.Join(protected, ", "), label)
}
