// Package golden compares test output with expected-output files in a
// package's testdata/, rewriting them when tests run with -update.
package golden

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the expected-output files in testdata/")

// Check compares got with testdata/name.
func Check(t testing.TB, name, got string) {
	t.Helper()
	p := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(p, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s differs (-want +got):\n%s", p, diff)
	}
}

// Updating reports whether the tests run with -update, for expected output
// kept outside testdata/ (such as a generated section of a README).
func Updating() bool { return *update }
