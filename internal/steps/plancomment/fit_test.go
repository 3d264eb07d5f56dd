package plancomment

import (
	"os"
	"path/filepath"
	"testing"
)

// naiveFit is FitSection without its early stop: every level of detail
// rendered whole, then measured.
func naiveFit(e *EnvPlan, budget int) string {
	for _, d := range []Detail{Full, AddressesOnly} {
		if s := sanitize(e.Render(d, 0)); len(s) <= budget {
			return s
		}
	}
	for limit := 256; limit >= 1; limit /= 2 {
		if s := sanitize(e.Render(AddressesOnly, limit)); len(s) <= budget {
			return s
		}
	}
	return cutTo(sanitize(e.Render(HeadlineOnly, 0)), budget, "> [!NOTE]\n> Cut to fit; see the job summary.\n")
}

// FitSection stops rendering once a section is over its budget; what it
// returns must be what rendering everything and measuring would give.
func TestFitSectionStopsEarlyWithTheSameResult(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.json"))
	var plans []*EnvPlan
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if p, err := parse(b); err == nil {
			plans = append(plans, &EnvPlan{Environment: "dev", Plan: p, Protected: protectedTypes(), PlanFile: "dev.tfplan", Footer: "footer"})
		}
	}
	plans = append(plans, &EnvPlan{Environment: "dev", Plan: bigPlan(600), Protected: protectedTypes(), PlanFile: "dev.tfplan"})
	for i, e := range plans {
		full := len(sanitize(e.Render(Full, 0)))
		for _, budget := range []int{-1, 0, 1, 100, 400, 2000, full - 1, full, full + 1, 65536} {
			if got, want := FitSection(e, budget), naiveFit(e, budget); got != want {
				t.Errorf("plan %d, budget %d: FitSection gives %d bytes, rendering everything %d", i, budget, len(got), len(want))
			}
		}
	}
}
