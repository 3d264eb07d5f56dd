package layout

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
)

var root = filepath.Join("..", "..", "..")

// TestTheRepositoryKeepsItsLayout: every import of ours in the repository
// follows the rules the README's layout table states.
func TestTheRepositoryKeepsItsLayout(t *testing.T) {
	v, err := Scan(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range v {
		t.Error(x)
	}
}

// TestAWrongImportIsCaught: a copy of the layout with deliberately wrong
// imports (a domain package importing the framework, a step importing
// another step and the command line, an adapter importing a step,
// production code importing the test bed) gives exactly the violations in
// testdata/wrong.golden, and the imports that are allowed (a step's own
// sub-package, a step's adapter, a test importing the test bed) none.
func TestAWrongImportIsCaught(t *testing.T) {
	v, err := Scan(filepath.Join("testdata", "wrong"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, x := range v {
		b.WriteString(x.String() + "\n")
	}
	golden.Check(t, "wrong.golden", b.String())
}

// TestTheReadmeListsEveryPackage: the README's layout table names every
// package (a row ending in /... covers the folder below it), every row
// names a folder that exists, and says what it may import.
func TestTheReadmeListsEveryPackage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "\n## Repository layout\n")
	if i < 0 {
		t.Fatal("README.md has no ## Repository layout section")
	}
	s = s[i+1:]
	if j := strings.Index(s[3:], "\n## "); j >= 0 {
		s = s[:j+3]
	}
	cell := regexp.MustCompile("`([^`]+)`")
	var listed []string
	for _, line := range strings.Split(s, "\n") {
		cells := strings.Split(line, "|")
		if len(cells) < 5 || !strings.HasPrefix(strings.TrimSpace(cells[1]), "`") {
			continue
		}
		if strings.TrimSpace(cells[3]) == "" {
			t.Errorf("README layout row %q does not say what it may import", strings.TrimSpace(cells[1]))
		}
		for _, m := range cell.FindAllStringSubmatch(cells[1], -1) {
			p := m[1]
			listed = append(listed, p)
			if !strings.HasPrefix(p, "internal/") && !strings.HasPrefix(p, "cmd/") {
				continue
			}
			if _, err := os.Stat(filepath.Join(root, strings.TrimSuffix(p, "/..."))); err != nil {
				t.Errorf("README layout lists %q, which does not exist", p)
			}
		}
	}
	pkgs, err := Packages(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		if !strings.HasPrefix(p, "internal/") && !strings.HasPrefix(p, "cmd/") {
			continue
		}
		covered := slices.Contains(listed, p) || slices.ContainsFunc(listed, func(l string) bool {
			return strings.HasSuffix(l, "/...") && strings.HasPrefix(p+"/", strings.TrimSuffix(l, "...")) || p == strings.TrimSuffix(l, "/...")
		})
		if !covered {
			t.Errorf("README layout does not list the package %s", p)
		}
	}
}
