package plancomment

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/jsonmut"
)

// FuzzRender: no input makes parsing, rendering or merging panic, and a
// comment body never exceeds GitHub's limit, whatever the plan and
// whatever body was there before. Each input is tried as given and with
// one value of it made null or of another type (jsonmut), read both by
// plan.Parse (plan-json) and by terraform-json (what terraform-exec
// gives), and a plan that Parse refuses is refused with an error that
// says so.
func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.json"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "", uint32(0), uint8(0))
		f.Add(b, "", uint32(11), uint8(len(jsonmut.Replacements)))
		f.Add(b, "", uint32(57), uint8(1))
	}
	f.Add([]byte(`{"format_version":"1.0","resource_changes":[{"address":"a.b","type":"google_sql_database_instance","change":{"actions":["delete"]}}]}`),
		"<!-- olympus:env staging -->\nx\n<!-- olympus:end staging -->\n", uint32(3), uint8(0))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[null],"output_changes":{"o":null},"variables":{"v":null},"resource_drift":[null,{"change":null}]}`),
		"", uint32(0), uint8(0))
	f.Fuzz(func(t *testing.T, planJSON []byte, existing string, at uint32, kind uint8) {
		for _, in := range [][]byte{planJSON, jsonmut.Mutate(planJSON, at, kind)} {
			p, err := plan.Parse(bytes.NewReader(in))
			if err != nil {
				if !strings.HasPrefix(err.Error(), "not a `terraform show -json` plan") {
					t.Fatalf("error %q does not say what is wrong", err)
				}
			} else {
				renderEverything(t, p.Plan, existing)
			}
			var tp tfjson.Plan
			if json.Unmarshal(in, &tp) == nil {
				renderEverything(t, &tp, existing)
			}
		}
	})
}

func renderEverything(t *testing.T, p *tfjson.Plan, existing string) {
	t.Helper()
	policy.Secrets(p)
	e := &EnvPlan{Environment: "dev", Plan: p, Protected: protectedTypes(), PlanFile: "/tmp/dev.tfplan", Footer: "footer"}
	for _, d := range []Detail{Full, AddressesOnly, HeadlineOnly} {
		e.Render(d, 3)
	}
	for _, limit := range []int{CommentLimit, 2000} {
		if body := Merge("terraform", existing, []*EnvPlan{e}, limit); len(body) > limit {
			t.Fatalf("body of %d bytes over the limit %d", len(body), limit)
		}
	}
	if s := FitSection(e, report.SummaryLimit-4096); len(s) > report.SummaryLimit-4096 {
		t.Fatalf("summary section of %d bytes", len(s))
	}
}
