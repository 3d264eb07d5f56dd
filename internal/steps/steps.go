// Package steps lists every Olympus step. The CLI, the
// action.yml generator and the README tables all read this one list.
package steps

import (
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/steps/datarefresh"
	"github.com/olympus-cloud/deploy-actions/internal/steps/deploy"
	"github.com/olympus-cloud/deploy-actions/internal/steps/plancomment"
	"github.com/olympus-cloud/deploy-actions/internal/steps/reconcile"
	"github.com/olympus-cloud/deploy-actions/internal/steps/rollback"
	"github.com/olympus-cloud/deploy-actions/internal/steps/sqlrecover"
	"github.com/olympus-cloud/deploy-actions/internal/steps/targets"
	"github.com/olympus-cloud/deploy-actions/internal/steps/validate/validatespec"
)

// All returns every step in the order the README lists them.
func All() []*step.Spec {
	return []*step.Spec{
		validatespec.Spec(nil),
		targets.Spec(),
		plancomment.Spec(),
		deploy.Spec(),
		rollback.Spec(),
		reconcile.Spec(),
		sqlrecover.Spec(),
		datarefresh.Spec(),
	}
}

// Find returns the named step, or nil.
func Find(name string) *step.Spec {
	for _, s := range All() {
		if s.Name == name {
			return s
		}
	}
	return nil
}
