package steps

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/steps/validate/validatespec"
)

// stepPackages maps each step's package directory to its spec.
func stepPackages() map[string]*step.Spec {
	out := map[string]*step.Spec{"validate": validatespec.Spec(nil)}
	defer func() {
		if len(out) != len(All()) {
			panic("a step without its package in stepPackages")
		}
	}()
	for _, s := range All() {
		switch s.Name {
		case "plan-comment":
			out["plancomment"] = s
		case "drift-reconcile":
			out["reconcile"] = s
		case "traffic-rollback":
			out["rollback"] = s
		case "deploy", "sql-recover", "targets", "data-refresh":
			out[strings.ReplaceAll(s.Name, "-", "")] = s
		}
	}
	return out
}

// inputReaders are the calls that read an input by name: the Inputs
// getters, and the Runtime's path resolvers that read the input they are
// given.
var inputReaders = map[string]bool{"String": true, "Bool": true, "Duration": true, "List": true, "Dir": true, "PlanDir": true}

// Reading an input the spec does not declare panics at run time; this
// finds every literal name a step's code reads and checks it against the
// spec, so that a misspelt name fails here even on a path no other test
// takes.
func TestEveryInputAStepReadsIsDeclared(t *testing.T) {
	for pkg, spec := range stepPackages() {
		dir := filepath.Join(".", pkg)
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", pkg, err)
		}
		reads := 0
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			for _, r := range inputReads(t, f) {
				reads++
				if _, ok := spec.Input(r.name); !ok {
					t.Errorf("%s: reads input %q, which step %s does not declare", r.where, r.name, spec.Name)
				}
			}
		}
		if reads == 0 {
			t.Errorf("%s: no input read found: the check does not see this step's code", pkg)
		}
	}
}

// A step that resolves the engine (Runtime.Engine) declares the inputs it
// reads.
func TestEngineInputsAreDeclaredWhereRead(t *testing.T) {
	for pkg, spec := range stepPackages() {
		src, err := readAll(filepath.Join(".", pkg))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(src, ".Engine()") {
			continue
		}
		for _, name := range []string{"engine", "terraform-path", "terraform-version"} {
			if _, ok := spec.Input(name); !ok {
				t.Errorf("%s resolves the engine without declaring %s", spec.Name, name)
			}
		}
	}
}

type read struct {
	name, where string
}

func inputReads(t *testing.T, file string) []read {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []read
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || !inputReaders[sel.Sel.Name] || !readsInputs(sel.X, sel.Sel.Name) {
			return true
		}
		lit, ok := call.Args[0].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		name, _ := strconv.Unquote(lit.Value)
		out = append(out, read{name: name, where: fset.Position(call.Pos()).String()})
		return true
	})
	return out
}

// readsInputs reports whether x is the step's inputs (in, rt.Inputs) or,
// for the path resolvers, its Runtime (rt).
func readsInputs(x ast.Expr, method string) bool {
	switch x := x.(type) {
	case *ast.Ident:
		if method == "Dir" || method == "PlanDir" {
			return x.Name == "rt"
		}
		return x.Name == "in"
	case *ast.SelectorExpr:
		return x.Sel.Name == "Inputs" && !slices.Contains([]string{"Dir", "PlanDir"}, method)
	}
	return false
}

func readAll(dir string) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		b.Write(src)
	}
	return b.String(), nil
}
