package validate

import (
	"context"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/steps/validate/validatespec"
)

// Spec defines the validate step; its Run is set only in the binary that
// links a security engine (olympus-validate).
func Spec() *step.Spec { return validatespec.Spec(runIfLinked()) }

// runIfLinked is the step's Run in a binary with a security engine, and
// nil elsewhere, so that the step is run by olympus-validate.
func runIfLinked() func(context.Context, *step.Runtime) error {
	if NewSecurityScanner == nil {
		return nil
	}
	return run
}
