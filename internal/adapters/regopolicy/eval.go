package regopolicy

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime"
	"slices"
	"sort"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/topdown"
	"golang.org/x/sync/errgroup"
)

// Data is data.olympus: what a policy knows of the run besides the plan.
type Data struct {
	Environment      string
	WorkingDirectory string
	Labels           []string
}

func (d Data) document() map[string]any {
	labels := make([]any, len(d.Labels))
	for i, l := range d.Labels {
		labels[i] = l
	}
	return map[string]any{"olympus": map[string]any{
		"environment": d.Environment, "working_directory": d.WorkingDirectory, "labels": labels}}
}

// Result is one message of one rule.
type Result struct {
	// Kind is Deny (deny and violation rules) or Warn.
	Kind string
	// Rule is the rule's name as written (deny, warn_public_bucket) and
	// Package its package (data.terraform.sql).
	Rule, Package string
	// File and Line are where the rule definition is.
	File    string
	Line    int
	Message string
}

// Results are one plan's results: denials, then warnings, each in file
// and line order.
type Results struct {
	Environment string
	Denials     []Result
	Warnings    []Result
}

// Plan is one plan to judge: its `terraform show -json` (Open), or its
// input already read (Input), and its data.
type Plan struct {
	Open  func() (io.ReadCloser, error)
	Input ast.Value
	Data  Data
}

// EvalError is a policy that failed while it judged a plan (a rule
// giving two values, a builtin's error), at File:Line.
type EvalError struct {
	Environment string
	Err         *Error
}

func (e *EvalError) Error() string {
	return fmt.Sprintf("%s (evaluating the plan of %s)", e.Err.Error(), e.Environment)
}

// Evaluate judges each plan, all at once: each plan is read into its
// input (Input, redacted with redact) in parallel with the others, then its
// rules are split into as many parts as there are CPUs, and every part of
// every plan is evaluated in parallel over the one compiled set. redact,
// when set, is also applied to every message. The results are in the
// order of plans.
func (s *Set) Evaluate(ctx context.Context, plans []Plan, redact func(string) string) ([]Results, error) {
	out := make([]Results, len(plans))
	if len(s.rules) == 0 {
		for i, p := range plans {
			out[i].Environment = p.Data.Environment
		}
		return out, nil
	}
	cpus := runtime.GOMAXPROCS(0)
	found := make([][][]Result, len(plans))
	g, gctx := errgroup.WithContext(ctx)
	for i, p := range plans {
		g.Go(func() error {
			input := p.Input
			if input == nil {
				var err error
				if input, err = readInput(p.Open, redact); err != nil {
					return fmt.Errorf("%s: %w", p.Data.Environment, err)
				}
			}
			store := inmem.NewFromObject(p.Data.document())
			units := s.units(input, cpus)
			found[i] = make([][]Result, len(units))
			pg, pctx := errgroup.WithContext(gctx)
			pg.SetLimit(cpus)
			for u, unit := range units {
				pg.Go(func() error {
					rs, err := s.evalRules(pctx, store, unit.input, unit.rules)
					if err != nil {
						return &EvalError{Environment: p.Data.Environment, Err: err}
					}
					found[i][u] = rs
					return nil
				})
			}
			return pg.Wait()
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	for i, p := range plans {
		res := Results{Environment: p.Data.Environment}
		for _, rs := range found[i] {
			for _, r := range rs {
				if redact != nil {
					r.Message = redact(r.Message)
				}
				if r.Kind == Deny {
					res.Denials = append(res.Denials, r)
				} else {
					res.Warnings = append(res.Warnings, r)
				}
			}
		}
		sortResults(res.Denials)
		sortResults(res.Warnings)
		out[i] = res
	}
	return out, nil
}

// unit is rules evaluated in one query over one input.
type unit struct {
	input ast.Value
	rules []rule
}

// units splits the rules of one plan into queries: the rules limited to a
// type (typeOf) over the changes of their type alone, those of types the
// plan does not hold together over none, and the others over the whole
// input, in parts, one per CPU.
func (s *Set) units(input ast.Value, cpus int) []unit {
	var whole []rule
	typed := map[string][]rule{}
	bt, ok := splitByType(input)
	for _, r := range s.rules {
		if r.typ == "" || !ok {
			whole = append(whole, r)
			continue
		}
		key := r.typ
		if _, present := bt.changes[key]; !present {
			key = ""
		}
		typed[key] = append(typed[key], r)
	}
	var out []unit
	for _, typ := range slices.Sorted(maps.Keys(typed)) {
		out = append(out, unit{input: bt.of(typ), rules: typed[typ]})
	}
	parts := min(cpus, len(whole))
	for part := range parts {
		per := (len(whole) + parts - 1) / parts
		lo, hi := part*per, min((part+1)*per, len(whole))
		if lo < hi {
			out = append(out, unit{input: input, rules: whole[lo:hi]})
		}
	}
	return out
}

func readInput(open func() (io.ReadCloser, error), redact func(string) string) (ast.Value, error) {
	if open == nil {
		return nil, fmt.Errorf("failed to read the plan for the policies: no plan")
	}
	r, err := open()
	if err != nil {
		return nil, fmt.Errorf("failed to read the plan for the policies: %w", err)
	}
	defer r.Close()
	return Input(bufio.NewReaderSize(r, 1<<20), redact)
}

func sortResults(rs []Result) {
	slices.SortStableFunc(rs, func(a, b Result) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Message, b.Message))
	})
}

// evalRules evaluates rules in one query: an array with, for each rule
// definition, its value in an array ([] when it is undefined).
func (s *Set) evalRules(ctx context.Context, store storage.Store, input ast.Value, rules []rule) ([]Result, *Error) {
	terms := make([]string, len(rules))
	for i, r := range rules {
		terms[i] = fmt.Sprintf("[v | v := %s]", r.ref.String())
	}
	query := "olympus_results := [" + strings.Join(terms, ", ") + "]"
	pq, err := rego.New(rego.Compiler(s.compiler), rego.Store(store), rego.Query(query)).PrepareForEval(ctx)
	if err != nil {
		return nil, &Error{File: s.Dir, Message: fmt.Sprintf("failed to prepare the policies' query: %v", err)}
	}
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, s.evalError(err)
	}
	if len(rs) == 0 || len(rs[0].Bindings) == 0 {
		return nil, nil
	}
	values, _ := rs[0].Bindings["olympus_results"].([]any)
	var out []Result
	for i, r := range rules {
		if i >= len(values) {
			break
		}
		defined, _ := values[i].([]any)
		for _, v := range defined {
			for _, msg := range messages(v, r.Name) {
				out = append(out, Result{Kind: r.Kind, Rule: r.Name, Package: r.Package, File: r.File, Line: r.Line, Message: msg})
			}
		}
	}
	return out, nil
}

// evalError places an evaluation error at its file and line.
func (s *Set) evalError(err error) *Error {
	e := &Error{File: s.Dir, Message: err.Error()}
	var te *topdown.Error
	if errors.As(err, &te) {
		e.Message = te.Code + ": " + te.Message
		if te.Location != nil {
			e.File, e.Line = te.Location.File, te.Location.Row
		}
	}
	e.Message = s.unalias(e.Message)
	return e
}

// messages are the messages of one rule value: each member of a set or
// array; a string as it is; an object's "msg" (Conftest's and
// Gatekeeper's form); true as the rule's name; false and null as none;
// anything else as JSON.
func messages(v any, rule string) []string {
	switch x := v.(type) {
	case []any:
		var out []string
		for _, m := range x {
			out = append(out, messages(m, rule)...)
		}
		sort.Strings(out)
		return out
	case string:
		return []string{x}
	case bool:
		if x {
			return []string{rule}
		}
		return nil
	case nil:
		return nil
	case map[string]any:
		if m, ok := x["msg"].(string); ok {
			return []string{m}
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return []string{fmt.Sprint(v)}
	}
	return []string{string(b)}
}
