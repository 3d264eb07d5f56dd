package parity

import (
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

func TestParseUnreviewed(t *testing.T) {
	order := policy.MustOrder("dev,staging,prod")
	for _, tc := range []struct {
		value, env string
		want       Unreviewed
		refuses    bool
		err        string
	}{
		{value: "", env: "dev", want: UnreviewedWarn},
		{value: "", env: "staging", want: UnreviewedRefuse, refuses: true},
		{value: "", env: "prod", want: UnreviewedRefuse, refuses: true},
		{value: "refuse", env: "dev", want: UnreviewedRefuse, refuses: true},
		{value: "warn", env: "prod", want: UnreviewedWarn},
		{value: "Warn", env: "dev", err: `input unreviewed: invalid value "Warn": use refuse or warn, or leave it empty for warn in "dev" and refuse in the other environments`},
		{value: "allow", env: "dev", err: `invalid value "allow"`},
	} {
		got, err := ParseUnreviewed("unreviewed", tc.value, order, tc.env)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || fault.ExitCode(err) != fault.ExitUsage {
				t.Errorf("%q in %s: err %v, want exit 2 with %q", tc.value, tc.env, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want || got.Refuses() != tc.refuses {
			t.Errorf("%q in %s: %q (refuses %v), %v; want %q", tc.value, tc.env, got, got.Refuses(), err, tc.want)
		}
	}
	// A one-environment order: its only environment is the first.
	if got := DefaultUnreviewed(policy.MustOrder("prod"), "prod"); got != UnreviewedWarn {
		t.Errorf("one environment: %q", got)
	}
}
