package regopolicy

import (
	"github.com/open-policy-agent/opa/v1/ast"
)

// Most rules are about one resource type: they iterate
// input.resource_changes and keep the changes of that type. Evaluated as
// written, each such rule walks every change of the plan, and OPA takes a
// few microseconds a change: 200 rules over 10,000 changes are seconds.
// A rule that provably cannot tell the difference is given instead an
// input whose resource_changes holds only the changes of its type (none,
// for most rules and most plans). typeOf decides which rules those are.

// typeOf returns the resource type a compiled rule definition is limited
// to, and true, when evaluating it over an input whose resource_changes
// keeps only the changes of that type gives the same values. That holds
// when:
//
//   - the rule reads input in one place only: one iteration
//     `X = input.resource_changes[I]` at the top of its body, whose index I
//     is used nowhere else (an index would differ once the list is
//     filtered);
//   - its body requires `X.type = "T"` at the top (not negated, no with),
//     so that no change of another type can give a value;
//   - it reads no other rule or function (which could read input): no
//     reference to data but data.olympus, no with, no else, not a default.
func typeOf(r *ast.Rule) (string, bool) {
	if r == nil || r.Default || r.Else != nil || len(r.Head.Args) > 0 {
		return "", false
	}
	var x, index ast.Var
	iterations := 0
	for _, e := range r.Body {
		if len(e.With) > 0 {
			return "", false
		}
		if e.Negated {
			continue
		}
		if v, i, ok := iteration(e); ok {
			x, index = v, i
			iterations++
		}
	}
	if iterations != 1 {
		return "", false
	}
	typ, found := "", false
	for _, e := range r.Body {
		if e.Negated || !e.IsEquality() {
			continue
		}
		terms := e.Terms.([]*ast.Term)
		for _, pair := range [][2]*ast.Term{{terms[1], terms[2]}, {terms[2], terms[1]}} {
			ref, ok := pair[0].Value.(ast.Ref)
			s, isStr := pair[1].Value.(ast.String)
			if ok && isStr && len(ref) == 2 && ref[0].Value.Compare(x) == 0 && ref[1].Value.Compare(ast.String("type")) == 0 {
				if found && typ != string(s) {
					return "", false
				}
				typ, found = string(s), true
			}
		}
	}
	if !found {
		return "", false
	}
	inputs, indexUses, safe := 0, 0, true
	ast.WalkTerms(r, func(t *ast.Term) bool {
		switch v := t.Value.(type) {
		case ast.Var:
			if v.Equal(index) {
				indexUses++
			}
			if v.Equal(ast.InputRootDocument.Value.(ast.Var)) {
				inputs++
			}
		case ast.Ref:
			head := v[0].Value
			switch {
			case head.Compare(ast.InputRootDocument.Value) == 0:
				inputs++
			case head.Compare(ast.DefaultRootDocument.Value) == 0:
				if len(v) < 2 || v[1].Value.Compare(ast.String("olympus")) != 0 {
					safe = false
				}
			}
		}
		return false
	})
	// WalkTerms visits the iteration's ref and then its terms: input once
	// as a ref head, and the index var once.
	if !safe || inputs != 2 || indexUses != 1 {
		return "", false
	}
	return typ, true
}

// iteration recognises `X = input.resource_changes[I]` (either side).
func iteration(e *ast.Expr) (x, index ast.Var, ok bool) {
	if !e.IsEquality() {
		return "", "", false
	}
	terms := e.Terms.([]*ast.Term)
	for _, pair := range [][2]*ast.Term{{terms[1], terms[2]}, {terms[2], terms[1]}} {
		v, isVar := pair[0].Value.(ast.Var)
		ref, isRef := pair[1].Value.(ast.Ref)
		if !isVar || !isRef || len(ref) != 3 || ref[0].Value.Compare(ast.InputRootDocument.Value) != 0 ||
			ref[1].Value.Compare(ast.String("resource_changes")) != 0 {
			continue
		}
		i, isIndex := ref[2].Value.(ast.Var)
		if !isIndex {
			continue
		}
		return v, i, true
	}
	return "", "", false
}

// byType splits a plan's input: the changes of each type, and the input
// with resource_changes replaced by a list.
type byType struct {
	input   ast.Object
	changes map[string][]*ast.Term
}

func splitByType(input ast.Value) (*byType, bool) {
	obj, ok := input.(ast.Object)
	if !ok {
		return nil, false
	}
	t := obj.Get(ast.StringTerm("resource_changes"))
	if t == nil {
		return nil, false
	}
	list, ok := t.Value.(*ast.Array)
	if !ok {
		return nil, false
	}
	b := &byType{input: obj, changes: map[string][]*ast.Term{}}
	list.Foreach(func(t *ast.Term) {
		rc, ok := t.Value.(ast.Object)
		if !ok {
			return
		}
		if typ := rc.Get(ast.StringTerm("type")); typ != nil {
			if s, ok := typ.Value.(ast.String); ok {
				b.changes[string(s)] = append(b.changes[string(s)], t)
			}
		}
	})
	return b, true
}

// of is the input a rule limited to typ sees.
func (b *byType) of(typ string) ast.Value {
	changes := ast.NewTerm(ast.NewArray(b.changes[typ]...))
	pairs := make([][2]*ast.Term, 0, b.input.Len())
	b.input.Foreach(func(k, v *ast.Term) {
		if k.Value.Compare(ast.String("resource_changes")) == 0 {
			v = changes
		}
		pairs = append(pairs, [2]*ast.Term{k, v})
	})
	return ast.NewObject(pairs...)
}
