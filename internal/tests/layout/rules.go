// Package layout holds the import rules of this repository's layout, the
// ones the README's layout table states, and checks a tree against them.
//
// The folders are the architecture: internal/domain holds the rules and
// imports nothing of ours but itself; internal/framework is what every
// step stands on (inputs, outputs, reports); internal/adapters talk to
// terraform, GitHub and Google Cloud; internal/steps/<step> are the steps,
// which never import one another; internal/cli is the composition root;
// internal/testbed and internal/tests are for tests only.
package layout

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Module is this repository's module path.
const Module = "github.com/olympus-cloud/deploy-actions"

// Violation is one import against the rules.
type Violation struct {
	File, Importer, Imported, Rule string
}

func (v Violation) String() string {
	return fmt.Sprintf("%s: %s imports %s: %s", v.File, v.Importer, v.Imported, v.Rule)
}

// kind is the layer a package directory (relative to the module root,
// slash-separated) belongs to.
func kind(dir string) string {
	switch {
	case dir == "internal/steps":
		return "registry"
	case strings.HasPrefix(dir, "internal/steps/"):
		return "step"
	case strings.HasPrefix(dir, "internal/domain/"):
		return "domain"
	case strings.HasPrefix(dir, "internal/framework/"):
		return "framework"
	case strings.HasPrefix(dir, "internal/adapters/"):
		return "adapter"
	case strings.HasPrefix(dir, "internal/testbed/") || dir == "internal/testbed":
		return "testbed"
	case strings.HasPrefix(dir, "internal/tests/"):
		return "tests"
	case dir == "internal/cli" || strings.HasPrefix(dir, "cmd/"):
		return "root"
	default: // internal/release, internal/tflintrules: tools of their own
		return "tool"
	}
}

// stepOf is the step a step package belongs to: internal/steps/<step>/...
func stepOf(dir string) string {
	return strings.SplitN(strings.TrimPrefix(dir, "internal/steps/"), "/", 2)[0]
}

// Check returns why importer (a package directory) may not import
// imported (another), or "" when it may. test says the import is in a
// _test.go file: tests may also use the test bed, nothing else changes.
func Check(importer, imported string, test bool) string {
	from, to := kind(importer), kind(imported)
	switch {
	case to == "tests" && from != "tests":
		return "the tests under internal/tests are imported by nothing"
	case to == "testbed" && !test && from != "testbed" && from != "tests":
		return "production code never imports the test bed"
	}
	switch from {
	case "domain":
		if to != "domain" && to != "testbed" {
			return "the domain imports only the domain"
		}
	case "framework":
		// actiongen writes action.yml and the README from the steps'
		// definitions: the registry is its input.
		if to == "registry" && importer == "internal/framework/actiongen" {
			return ""
		}
		if to != "domain" && to != "framework" && to != "testbed" {
			return "the framework imports only the domain and itself"
		}
	case "adapter":
		if to == "step" || to == "registry" || to == "root" || to == "tool" {
			return "adapters never import steps"
		}
	case "step":
		if to == "step" && stepOf(imported) != stepOf(importer) {
			return "a step never imports another step"
		}
		if to == "registry" || to == "root" {
			return "a step never imports the registry or the command line"
		}
	case "registry":
		if to == "adapter" || to == "root" || to == "tool" {
			return "the registry lists the steps' definitions only"
		}
	case "tool":
		if to == "step" || to == "registry" || to == "adapter" || to == "root" {
			return "internal/release and internal/tflintrules import only the domain and the framework"
		}
	}
	return ""
}

// Scan reads every Go file under root (a module root) and returns the
// imports against the rules, sorted.
func Scan(root string) ([]Violation, error) {
	var out []Violation
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (n == "testdata" || n == "third_party" || strings.HasPrefix(n, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return fmt.Errorf("failed to parse %q: %w", path, err)
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		importer := filepath.ToSlash(filepath.Dir(rel))
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			if !strings.HasPrefix(p, Module+"/") {
				continue
			}
			imported := strings.TrimPrefix(p, Module+"/")
			if rule := Check(importer, imported, strings.HasSuffix(path, "_test.go")); rule != "" {
				out = append(out, Violation{File: rel, Importer: importer, Imported: imported, Rule: rule})
			}
		}
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out, err
}

// Packages lists the directories under root holding Go files (testdata,
// third_party and hidden folders left out), slash-separated and sorted.
func Packages(root string) ([]string, error) {
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (n == "testdata" || n == "third_party" || strings.HasPrefix(n, ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			seen[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out, err
}
