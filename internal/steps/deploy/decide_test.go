package deploy

import (
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

func TestHowADeployIsRecorded(t *testing.T) {
	three, one := policy.MustOrder(policy.DefaultOrder), policy.MustOrder("prod")
	for _, tc := range []struct {
		env            string
		order          policy.Order
		breakGlass     bool
		actions, token bool
		want           recording
	}{
		{"dev", three, false, false, false, noRecord},
		{"dev", three, false, false, true, githubRecord},
		{"dev", three, false, true, false, githubRecord},
		{"staging", three, false, false, false, githubRecord},
		// An order of one environment is production: never unrecorded.
		{"prod", one, false, false, false, githubRecord},
		{"prod", three, true, true, true, incidentRecord},
	} {
		cfg := Config{Environment: tc.env, BreakGlass: tc.breakGlass, Promotion: Promotion{Order: tc.order}}
		if got := records(cfg, tc.actions, tc.token); got != tc.want {
			t.Errorf("%+v: recorded %d, want %d", tc, got, tc.want)
		}
	}
}

func TestUnreviewedApplyIsWarnedOnlyWhereAReviewIsExpected(t *testing.T) {
	order := policy.MustOrder(policy.DefaultOrder)
	for _, tc := range []struct {
		cfg     Config
		actions bool
		warn    bool
	}{
		{Config{Environment: "prod", Mode: ModeApply}, true, true},
		{Config{Environment: "prod", Mode: ModeApply}, false, false},
		{Config{Environment: "prod", Mode: ModeApply, PlanFile: "p.tfplan"}, true, false},
		{Config{Environment: "prod", Mode: ModePlan}, true, false},
		{Config{Environment: "prod", Mode: ModeApply, BreakGlass: true}, true, false},
		{Config{Environment: "dev", Mode: ModeApply}, true, false},
	} {
		tc.cfg.Promotion = Promotion{Order: order}
		if got := unreviewedWarning(tc.cfg, tc.actions) != ""; got != tc.warn {
			t.Errorf("%s %s plan-file %q break-glass %v in Actions %v: warned %v, want %v",
				tc.cfg.Environment, tc.cfg.Mode, tc.cfg.PlanFile, tc.cfg.BreakGlass, tc.actions, got, tc.warn)
		}
	}
}
