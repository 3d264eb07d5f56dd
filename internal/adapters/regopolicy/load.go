// Package regopolicy runs a repository's own Rego policies over a
// Terraform plan, in the Conftest convention, with the Open Policy Agent
// library in this process.
//
// A policy directory holds .rego files, in any package under data and any
// sub-directory (hidden ones are skipped). The rules that judge a plan are
// named deny, violation or warn, alone or followed by _ and a suffix
// (deny_public_bucket): deny and violation refuse, warn only warns. A rule
// may be a set (deny contains msg if ...) or a single value (deny := msg
// if ...); its values are messages: a string, an object with a "msg"
// string (Gatekeeper's violation), true (the rule's name is the message),
// or anything else as JSON. Files named *_test.rego hold the policies'
// own unit tests (test_ rules, see Test) and are not loaded to judge a
// plan.
//
// Each plan is given as input in the form `terraform show -json` writes
// it, redacted (see Input), and data.olympus is {"environment",
// "working_directory", "labels"}: the environment planned, the root
// module's directory as the workflow names it, and the pull request's
// labels, so a policy can read its own exception (a label) itself.
//
// Files are parsed as Rego v1 (OPA 1.0, the `if` and `contains`
// keywords); a file that only parses as v0 (deny[msg] { ... }) is read as
// v0. The whole set is compiled once (Load), then evaluated over each
// plan in parallel (Evaluate), split over the CPUs. Every result names the
// file and line of the rule definition that produced it, and the rule.
package regopolicy

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// Kinds of a result.
const (
	Deny = "deny"
	Warn = "warn"
)

// judging names the rules that judge a plan.
var judging = regexp.MustCompile(`^(deny|violation|warn)(_[A-Za-z0-9_]+)?$`)

// KindOf is the kind of result a rule name gives, or "" when the rule does
// not judge the plan.
func KindOf(name string) string {
	m := judging.FindStringSubmatch(name)
	switch {
	case m == nil:
		return ""
	case m[1] == "warn":
		return Warn
	default:
		return Deny
	}
}

// Error is a policy that cannot be read or compiled, at File:Line (Line 0
// when the error has no place).
type Error struct {
	File    string
	Line    int
	Message string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return e.File + ": " + e.Message
}

// Errors are every error found, in file and line order.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// AsErrors returns the Errors in err, or nil.
func AsErrors(err error) Errors {
	var es Errors
	if errors.As(err, &es) {
		return es
	}
	return nil
}

// rule is one definition of a judging rule, compiled under a name of its
// own (see Load) so that each result is traced to its file and line.
type rule struct {
	Kind    string
	Name    string // as written: deny, warn_x
	Package string // data.x.y
	File    string // as shown
	Line    int
	// ref is the copy's full path, data.x.y.<copy name>.
	ref ast.Ref
	// typ, when set, is the one resource type the rule reads (typeOf).
	typ string
}

// Set is a policy directory, compiled.
type Set struct {
	// Dir is the directory as shown; Files the .rego files read.
	Dir   string
	Files []string
	// Rules is how many rule definitions judge a plan.
	Rules    int
	compiler *ast.Compiler
	rules    []rule
}

// copyPrefix names the copy of a judging rule definition: one per
// definition, so that a rule defined in several files (or several times in
// one) gives each result the place it came from.
const copyPrefix = "olympus_policy_rule__"

// Files lists the .rego files under dir (relative, slash-separated,
// sorted), skipping hidden directories; tests selects the *_test.rego
// files too.
func Files(dir string, tests bool) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != dir && strings.HasPrefix(name, ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".rego") || (!tests && strings.HasSuffix(name, "_test.rego")) {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("failed to list the policies in %q: %w", dir, err)
	}
	slices.Sort(out)
	return out, nil
}

// parseAll reads and parses files (relative to dir); modules are keyed by
// the file as shown (shown joined with the file).
func parseAll(dir, shown string, files []string) (map[string]*ast.Module, error) {
	modules := map[string]*ast.Module{}
	var errs Errors
	for _, f := range files {
		name := path.Join(shown, f)
		src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			errs = append(errs, &Error{File: name, Message: fmt.Sprintf("cannot be read: %v", err)})
			continue
		}
		m, err := Parse(name, string(src))
		if err != nil {
			errs = append(errs, AsErrors(err)...)
			continue
		}
		modules[name] = m
	}
	if len(errs) > 0 {
		return nil, sortErrors(errs)
	}
	return modules, nil
}

// Parse parses one policy file as Rego v1, else as v0. When neither
// parses, the errors are those of the dialect that read further into the
// file: the one the author most likely wrote.
func Parse(name, src string) (*ast.Module, error) {
	m, err1 := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{RegoVersion: ast.RegoV1, ProcessAnnotation: true})
	if err1 == nil {
		return m, nil
	}
	m, err0 := ast.ParseModuleWithOpts(name, src, ast.ParserOptions{RegoVersion: ast.RegoV0, ProcessAnnotation: true})
	if err0 == nil {
		return m, nil
	}
	e1, e0 := fromAST(name, err1), fromAST(name, err0)
	if furthest(e0) > furthest(e1) {
		return nil, e0
	}
	return nil, e1
}

func furthest(es Errors) int {
	n := 0
	for _, e := range es {
		n = max(n, e.Line)
	}
	return n
}

// fromAST turns OPA's errors into Errors, each with its file and line.
func fromAST(file string, err error) Errors {
	var aerrs ast.Errors
	if !errors.As(err, &aerrs) {
		return Errors{{File: file, Message: err.Error()}}
	}
	var out Errors
	for _, e := range aerrs {
		ee := &Error{File: file, Message: e.Message}
		if e.Location != nil {
			if e.Location.File != "" {
				ee.File = e.Location.File
			}
			ee.Line = e.Location.Row
		}
		out = append(out, ee)
	}
	return out
}

var copyName = regexp.MustCompile(copyPrefix + `[0-9]+`)

// unalias names the copies of rules in msg by their originals' names.
func (s *Set) unalias(msg string) string {
	return copyName.ReplaceAllStringFunc(msg, func(n string) string {
		var i int
		if _, err := fmt.Sscanf(strings.TrimPrefix(n, copyPrefix), "%d", &i); err == nil && i < len(s.rules) {
			return s.rules[i].Name
		}
		return n
	})
}

func sortErrors(es Errors) Errors {
	slices.SortStableFunc(es, func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line))
	})
	return slices.CompactFunc(es, func(a, b *Error) bool { return *a == *b })
}

// Load reads and compiles the policies in dir (shown as shown in results
// and errors). Malformed policies are Errors (file:line each). A directory
// without policy files is an empty Set.
func Load(dir, shown string) (*Set, error) {
	files, err := Files(dir, false)
	if err != nil {
		return nil, err
	}
	modules, err := parseAll(dir, shown, files)
	if err != nil {
		return nil, err
	}
	s := &Set{Dir: shown, Files: files}
	n := 0
	for _, name := range slices.Sorted(maps.Keys(modules)) {
		m := modules[name]
		var copies []*ast.Rule
		for _, r := range m.Rules {
			ref := r.Head.Ref()
			if len(ref) != 1 || len(r.Head.Args) > 0 {
				continue
			}
			v, ok := ref[0].Value.(ast.Var)
			kind := KindOf(string(v))
			if !ok || kind == "" {
				continue
			}
			copyName := ast.Var(fmt.Sprintf("%s%d", copyPrefix, n))
			n++
			cp := r.Copy()
			cp.Head.Name = copyName
			cp.Head.Reference = ast.Ref{ast.VarTerm(string(copyName))}
			cp.Module = m
			copies = append(copies, cp)
			line := 0
			if r.Location != nil {
				line = r.Location.Row
			}
			s.rules = append(s.rules, rule{Kind: kind, Name: string(v), Package: m.Package.Path.String(), File: name, Line: line,
				ref: append(m.Package.Path.Copy(), ast.StringTerm(string(copyName)))})
		}
		m.Rules = append(m.Rules, copies...)
	}
	c := ast.NewCompiler().WithEnablePrintStatements(false)
	c.Compile(modules)
	if c.Failed() {
		// A copy's errors are its original's: said once, by its name.
		var errs Errors
		for _, e := range c.Errors {
			ee := &Error{Message: s.unalias(e.Message)}
			if e.Location != nil {
				ee.File, ee.Line = e.Location.File, e.Location.Row
			}
			if ee.File == "" {
				ee.File = shown
			}
			errs = append(errs, ee)
		}
		return nil, sortErrors(errs)
	}
	s.compiler = c
	s.Rules = len(s.rules)
	for i := range s.rules {
		if defs := c.GetRulesExact(s.rules[i].ref); len(defs) == 1 {
			s.rules[i].typ, _ = typeOf(defs[0])
		}
	}
	return s, nil
}
