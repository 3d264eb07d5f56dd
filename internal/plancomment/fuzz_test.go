package plancomment

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzRender: no input makes parsing, rendering or merging panic, and a
// comment body never exceeds GitHub's limit, whatever the plan and
// whatever body was there before.
func FuzzRender(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.json"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, "")
	}
	f.Add([]byte(`{"format_version":"1.0","resource_changes":[{"address":"a.b","type":"google_sql_database_instance","change":{"actions":["delete"]}}]}`),
		"<!-- olympus:env staging -->\nx\n<!-- olympus:end staging -->\n")
	f.Fuzz(func(t *testing.T, planJSON []byte, existing string) {
		p, err := parse(planJSON)
		if err != nil {
			return
		}
		e := &EnvPlan{Environment: "dev", Plan: p, Protected: protectedTypes(), PlanFile: "/tmp/dev.tfplan"}
		for _, d := range []Detail{Full, AddressesOnly, HeadlineOnly} {
			e.Render(d, 3)
		}
		for _, limit := range []int{CommentLimit, 2000} {
			if body := Merge("terraform", existing, []*EnvPlan{e}, limit); len(body) > limit {
				t.Fatalf("body of %d bytes over the limit %d", len(body), limit)
			}
		}
	})
}
