package deploy

import (
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// The pure decisions of a deploy, each under table tests.

// recording is how a deploy is recorded.
type recording int

const (
	// githubRecord checks the promotion and records a GitHub deployment.
	githubRecord recording = iota
	// incidentRecord is breaking glass: no promotion check, no
	// deployment, an incident record instead.
	incidentRecord
	// noRecord is the first environment from a laptop without a token:
	// nothing to check, only the record on GitHub is missing.
	noRecord
)

// records says how a deploy is recorded. Never noRecord for production:
// an order of one environment would otherwise let any environment deploy
// unrecorded.
func records(cfg Config, actions, token bool) recording {
	order := cfg.Promotion.Order
	switch {
	case cfg.BreakGlass:
		return incidentRecord
	case order.First() == cfg.Environment && order.Production() != cfg.Environment && !actions && !token:
		return noRecord
	}
	return githubRecord
}

// unreviewedWarning is the warning of a job that plans and applies an
// environment whose plan should be reviewed before the approval, or "".
func unreviewedWarning(cfg Config, actions bool) string {
	if !actions || cfg.Mode != ModeApply || cfg.PlanFile != "" || cfg.BreakGlass || !cfg.Promotion.Order.Reviewed(cfg.Environment) {
		return ""
	}
	return fmt.Sprintf("this job plans and applies %s in one step, so whoever approved it approved before any plan existed. "+
		"Plan in a job without the approval (mode: plan) and apply its plan-file and plan-sha256 in the job behind the environment (see the README's pipeline).", cfg.Environment)
}

// refusal refuses protected destroys and, beyond the first environment,
// applying over changes made outside Terraform; nil when the plan is safe
// to apply.
func refusal(cfg Config, p *tfjson.Plan) error {
	var protected []string
	for _, c := range cfg.Protected.PlanDestroys(p) {
		protected = append(protected, string(c.Action)+" "+c.Address)
	}
	if len(protected) > 0 && !cfg.AllowDestroy {
		return step.Refusef("the plan would %s, which are protected; nothing was applied. If that is intended, deploy again with allow-destroy: true", strings.Join(protected, ", "))
	}
	if cfg.Promotion.Order.First() != cfg.Environment && !cfg.AllowDrift {
		if drifted := policy.Reverting(p); len(drifted) > 0 {
			return step.Refusef("%s changed outside Terraform (%s); applying would silently revert it. Codify the change in Terraform first (drift-reconcile shows how), or deploy with allow-drift: true if reverting it is intended; nothing was applied",
				cfg.Environment, strings.Join(drifted, ", "))
		}
	}
	return nil
}

// outcomeOf names the outcome of a failed plan: refused when it is a
// verdict (a protected destroy, drift, a held lock), failed otherwise.
func outcomeOf(err error) string {
	if step.ExitCode(err) == step.ExitVerdict {
		return "refused"
	}
	return "failed"
}

func lockOr(err error, command string) error {
	if held := LockHeld(err, command); held != nil {
		return held
	}
	return err
}

// applyError explains terraform's refusals of a saved plan.
func applyError(err error, reviewed bool, command string) error {
	if strings.Contains(err.Error(), "Saved plan is stale") {
		if reviewed {
			return step.Refusef("the reviewed plan is stale: the state changed after it was made (another apply, or a change by hand), so terraform refused it and nothing was applied. " +
				"Re-run the workflow with \"Re-run all jobs\", so that its plan job plans again, and review and approve the new plan (re-running only this job would apply the same stale plan)")
		}
		return step.Refusef("the plan went stale: another run changed the state between this run's plan and its apply, so terraform refused it and nothing was applied; deploy again")
	}
	return lockOr(err, command)
}
