package parity

import (
	"os"
	"path/filepath"
	"testing"

	tfplan "github.com/olympus-cloud/deploy-actions/internal/domain/plan"
)

// Real `terraform show -json` plans, read as the steps read them (raw
// values, plan.Parse): each is exactly itself through a record at every
// detail, however its maps are iterated.
func TestRealPlansAreExactlyThemselves(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "terraform-json", "*__plan.json"))
	if len(files) < 10 {
		t.Fatalf("found %d fixtures", len(files))
	}
	parse := func(f string) *tfplan.Parsed {
		t.Helper()
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		p, err := tfplan.Parse(r)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		return p
	}
	for _, f := range files {
		if filepath.Base(f) == "invalid__plan.json" {
			continue
		}
		p := parse(f)
		reviewed, err := Digest(p.Plan, p.Secrets)
		if err != nil {
			t.Fatal(err)
		}
		again := parse(f)
		for _, d := range []Detail{Attributes, Resources, Keys, Summary} {
			back, err := Decode(mustEncode(t, reviewed, d))
			if err != nil {
				t.Fatal(err)
			}
			if c := Compare(back, again.Plan, again.Secrets); !c.Exact {
				t.Errorf("%s at %s: %v", filepath.Base(f), d, c.Differences)
			}
		}
	}
}
