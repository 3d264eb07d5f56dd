package validate

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// RootModules finds every directory under dir holding .tf files that no
// other module calls with a local source: those are what terraform is run
// in. Hidden directories and .terraform are skipped.
func RootModules(dir string) ([]string, error) {
	roots, _, err := FindModules(dir)
	return roots, err
}

// FindModules finds the root modules under dir and the modules they call
// with a local source that are also under dir.
func FindModules(dir string) (roots, called []string, err error) {
	withTF := map[string]bool{}
	isCalled := map[string]bool{}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if filepath.Ext(p) != ".tf" {
			return nil
		}
		modDir := filepath.Dir(p)
		withTF[modDir] = true
		for _, src := range localModuleSources(p) {
			isCalled[filepath.Clean(filepath.Join(modDir, src))] = true
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	for d := range withTF {
		if isCalled[d] {
			called = append(called, d)
		} else {
			roots = append(roots, d)
		}
	}
	sort.Strings(roots)
	sort.Strings(called)
	return roots, called, nil
}

// CallerEnvironments maps each module that the roots call with a local
// source, directly or through other modules, to the environments of those
// roots (environments/<env>/terraform.tfvars), sorted. A module called
// only by roots without environments maps to an empty list.
func CallerEnvironments(roots []string) (map[string][]string, error) {
	return (*Layouts)(nil).CallerEnvironments(roots)
}

// CallerEnvironments is CallerEnvironments with the roots' environments
// from the layouts.
func (l *Layouts) CallerEnvironments(roots []string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, root := range roots {
		evs, err := l.Environments(root)
		if err != nil {
			return nil, err
		}
		envs := make([]string, len(evs))
		for i, ev := range evs {
			envs[i] = ev.Env
		}
		seen := map[string]bool{root: true}
		queue := []string{root}
		for len(queue) > 0 {
			dir := queue[0]
			queue = queue[1:]
			files, err := filepath.Glob(filepath.Join(dir, "*.tf"))
			if err != nil {
				return nil, err
			}
			for _, callee := range localCalls(dir, files) {
				if seen[callee] {
					continue
				}
				seen[callee] = true
				queue = append(queue, callee)
				if out[callee] == nil {
					out[callee] = []string{}
				}
				for _, e := range envs {
					if !slices.Contains(out[callee], e) {
						out[callee] = append(out[callee], e)
					}
				}
				sort.Strings(out[callee])
			}
		}
	}
	return out, nil
}

// localModuleSources returns the literal ./ and ../ sources of the module
// blocks in a file. A file that does not parse calls nothing; validate
// reports the syntax error.
func localModuleSources(path string) []string {
	var out []string
	for _, c := range moduleCalls(path) {
		if isLocalSource(c.Source) {
			out = append(out, c.Source)
		}
	}
	return out
}

func isLocalSource(s string) bool { return strings.HasPrefix(s, "./") || strings.HasPrefix(s, "../") }

// moduleCall is a module block with a literal source.
type moduleCall struct {
	Name, Source string
	Line         int
}

// moduleCalls returns the module blocks of a file whose source is a
// literal string.
func moduleCalls(path string) []moduleCall {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
	if diags.HasErrors() {
		return nil
	}
	body, ok := f.Body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	var out []moduleCall
	for _, b := range body.Blocks {
		if b.Type != "module" || len(b.Labels) != 1 {
			continue
		}
		attr, ok := b.Body.Attributes["source"]
		if !ok {
			continue
		}
		v, diags := attr.Expr.Value(nil)
		if diags.HasErrors() || !v.Type().Equals(cty.String) {
			continue
		}
		out = append(out, moduleCall{Name: b.Labels[0], Source: v.AsString(), Line: b.DefRange().Start.Line})
	}
	return out
}
