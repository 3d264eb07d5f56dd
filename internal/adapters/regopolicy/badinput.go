package regopolicy

import (
	"fmt"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// BadInput is an error of Load as bad input of the policy-path input
// (shown as the person gave it): each malformed policy is annotated at its
// file and line through annotate, and the message says how to fix and test.
func BadInput(annotate func(step.Annotation), shown string, err error) error {
	es := AsErrors(err)
	if len(es) == 0 {
		return step.InputError("policy-path", shown, err)
	}
	for _, e := range es {
		annotate(step.Annotation{Level: "error", File: e.File, Line: e.Line, Title: "olympus: malformed policy", Message: e.Message})
	}
	return step.InputError("policy-path", shown, fmt.Errorf("%w; fix the policy (olympus policy test %s runs its tests too)", err, shown))
}
