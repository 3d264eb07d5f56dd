package release

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// A job's if: decides which events it runs for, and a few with: values
// (an artifact's retention-days, a matrix) depend on the event or on
// variables. evalExpr evaluates an expression for one event with GitHub's
// value semantics (a && b is a when a is falsy, else b; a || b is a when a
// is truthy, else b): what depends only on github.event_name, on literals
// and, when vars is given, on vars.* (unset ones are empty, as GitHub
// makes them) is known; anything else is unknown, though its truth may
// still be known (false && x). It reads the subset of GitHub's expression
// language our conditions are written in: ==, !=, &&, ||, !, parentheses,
// string, number and boolean literals, and function calls (always() is
// true, fromJSON parses its known argument, the others are unknown).

type tri int

const (
	triUnknown tri = iota
	triFalse
	triTrue
)

func triOf(b bool) tri {
	if b {
		return triTrue
	}
	return triFalse
}

func (t tri) not() tri {
	switch t {
	case triTrue:
		return triFalse
	case triFalse:
		return triTrue
	}
	return triUnknown
}

// evalIf is the truth of a job's if: for one event ("" runs always).
func evalIf(cond, event string) tri {
	if strings.TrimSpace(cond) == "" {
		return triTrue
	}
	return evalExpr(cond, event, nil).truth()
}

// evalExpr evaluates cond, with or without ${{ }}, for event; vars nil
// leaves vars.* unknown.
func evalExpr(cond, event string, vars map[string]string) operand {
	cond = strings.TrimSpace(cond)
	if strings.HasPrefix(cond, "${{") && strings.HasSuffix(cond, "}}") {
		cond = strings.TrimSpace(cond[3 : len(cond)-2])
	}
	p := &ifParser{toks: lexIf(cond), event: event, vars: vars}
	v := p.or()
	if p.pos != len(p.toks) {
		return operand{}
	}
	return v
}

// operand is a value: known (a string, float64, bool, nil or what
// fromJSON made) or not, and then perhaps its truth.
type operand struct {
	known bool
	v     any
	t     tri
}

func known(v any) operand { return operand{known: true, v: v} }

func (o operand) truth() tri {
	if !o.known {
		return o.t
	}
	switch v := o.v.(type) {
	case nil:
		return triFalse
	case string:
		return triOf(v != "")
	case float64:
		return triOf(v != 0)
	case bool:
		return triOf(v)
	}
	return triTrue
}

// number is the value as GitHub coerces it for a comparison.
func (o operand) number() float64 {
	switch v := o.v.(type) {
	case nil:
		return 0
	case float64:
		return v
	case bool:
		if v {
			return 1
		}
		return 0
	case string:
		if strings.TrimSpace(v) == "" {
			return 0
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			return f
		}
	}
	return math.NaN()
}

// equal is GitHub's ==: strings case-insensitively, other kinds as numbers.
func (o operand) equal(r operand) bool {
	ls, lok := o.v.(string)
	rs, rok := r.v.(string)
	if lok && rok {
		return strings.EqualFold(ls, rs)
	}
	return o.number() == r.number()
}

type ifParser struct {
	toks  []string
	pos   int
	event string
	vars  map[string]string
}

func (p *ifParser) peek() string {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return ""
}

func (p *ifParser) next() string { t := p.peek(); p.pos++; return t }

func (p *ifParser) or() operand {
	v := p.and()
	for p.peek() == "||" {
		p.next()
		r := p.and()
		switch v.truth() {
		case triTrue:
		case triFalse:
			v = r
		default:
			v = operand{t: triUnknown}
			if r.truth() == triTrue {
				v.t = triTrue
			}
		}
	}
	return v
}

func (p *ifParser) and() operand {
	v := p.unary()
	for p.peek() == "&&" {
		p.next()
		r := p.unary()
		switch v.truth() {
		case triFalse:
		case triTrue:
			v = r
		default:
			v = operand{t: triUnknown}
			if r.truth() == triFalse {
				v.t = triFalse
			}
		}
	}
	return v
}

func (p *ifParser) unary() operand {
	if p.peek() == "!" {
		p.next()
		t := p.unary().truth().not()
		if t == triUnknown {
			return operand{}
		}
		return known(t == triTrue)
	}
	return p.comparison()
}

func (p *ifParser) comparison() operand {
	l := p.primary()
	if op := p.peek(); op == "==" || op == "!=" {
		p.next()
		r := p.primary()
		if !l.known || !r.known {
			return operand{}
		}
		return known(l.equal(r) == (op == "=="))
	}
	return l
}

var numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func (p *ifParser) primary() operand {
	t := p.next()
	switch {
	case t == "(":
		v := p.or()
		if p.next() != ")" {
			p.pos = len(p.toks) + 1 // malformed: unknown
		}
		return v
	case strings.HasPrefix(t, "'"):
		return known(strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(t, "'"), "'"), "''", "'"))
	case p.peek() == "(" && strings.EqualFold(t, "fromJSON"):
		p.next()
		arg := p.or()
		if p.next() != ")" {
			p.pos = len(p.toks) + 1
			return operand{}
		}
		s, ok := arg.v.(string)
		if !arg.known || !ok {
			return operand{}
		}
		var v any
		if json.Unmarshal([]byte(s), &v) != nil {
			return operand{}
		}
		return known(v)
	case p.peek() == "(":
		// Another function call: skip its arguments.
		for depth := 0; p.pos < len(p.toks); {
			if tok := p.next(); tok == "(" {
				depth++
			} else if tok == ")" {
				if depth--; depth == 0 {
					break
				}
			}
		}
		if t == "always" {
			return known(true)
		}
		return operand{}
	case t == "github.event_name":
		return known(p.event)
	case strings.HasPrefix(t, "vars.") && p.vars != nil:
		return known(p.vars[strings.TrimPrefix(t, "vars.")])
	case t == "true" || t == "false":
		return known(t == "true")
	case t == "null":
		return known(nil)
	case numberRE.MatchString(t):
		f, _ := strconv.ParseFloat(t, 64)
		return known(f)
	}
	return operand{}
}

// lexIf splits an expression into operators, parentheses, string literals
// and names (with their dots, brackets and * kept together).
func lexIf(s string) []string {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			i++
		case strings.HasPrefix(s[i:], "==") || strings.HasPrefix(s[i:], "!=") || strings.HasPrefix(s[i:], "&&") || strings.HasPrefix(s[i:], "||"):
			toks = append(toks, s[i:i+2])
			i += 2
		case c == '!' || c == '(' || c == ')' || c == ',':
			toks = append(toks, string(c))
			i++
		case c == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			toks = append(toks, s[i:min(j+1, len(s))])
			i = j + 1
		default:
			j := i
			for j < len(s) && (unicode.IsLetter(rune(s[j])) || unicode.IsDigit(rune(s[j])) || strings.ContainsRune("._-[]*", rune(s[j]))) {
				j++
			}
			if j == i {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks
}

func TestEvalIf(t *testing.T) {
	for _, tc := range []struct {
		cond, event string
		want        tri
	}{
		{"", "push", triTrue},
		{"github.event_name == 'pull_request'", "pull_request", triTrue},
		{"github.event_name == 'pull_request'", "push", triFalse},
		{"github.event_name != 'workflow_dispatch'", "push", triTrue},
		{"${{ github.event_name != 'workflow_dispatch' }}", "workflow_dispatch", triFalse},
		{"github.event_name == 'push' || github.event_name == 'workflow_dispatch'", "pull_request", triFalse},
		{"github.event_name == 'push' && github.ref == 'refs/heads/main'", "push", triUnknown},
		{"github.event_name == 'push' && github.ref == 'refs/heads/main'", "pull_request", triFalse},
		{"!(github.event_name == 'pull_request')", "pull_request", triFalse},
		{"always() && github.event_name == 'PUSH'", "push", triTrue},
		{"contains(github.event.pull_request.labels.*.name, 'x')", "pull_request", triUnknown},
		{"success() || github.event_name == 'schedule'", "push", triUnknown},
	} {
		if got := evalIf(tc.cond, tc.event); got != tc.want {
			t.Errorf("evalIf(%q, %q) = %v, want %v", tc.cond, tc.event, got, tc.want)
		}
	}
}

// TestEvalExpr: values as GitHub computes them, for the expressions our
// workflows compute with: retention by event, a matrix by variable.
func TestEvalExpr(t *testing.T) {
	none := map[string]string{}
	for _, tc := range []struct {
		expr, event string
		vars        map[string]string
		want        any // nil: unknown
	}{
		{"${{ github.event_name == 'workflow_dispatch' && 31 || 1 }}", "workflow_dispatch", nil, 31.0},
		{"${{ github.event_name == 'workflow_dispatch' && 31 || 1 }}", "push", nil, 1.0},
		{"vars.X == 'true' && 'a' || 'b'", "push", nil, nil},
		{"vars.X == 'true' && 'a' || 'b'", "push", none, "b"},
		{"vars.X == 'TRUE' && 'a' || 'b'", "push", map[string]string{"X": "true"}, "a"},
		{`fromJSON(vars.P == 'true' && '["dev","prod"]' || '["dev"]')`, "pull_request", none, []any{"dev"}},
		{`fromJSON(vars.P == 'true' && '["dev","prod"]' || '["dev"]')`, "pull_request", map[string]string{"P": "true"}, []any{"dev", "prod"}},
		{"'it''s'", "push", nil, "it's"},
		{"1 == '1'", "push", nil, true},
		{"!(0)", "push", nil, true},
		{"null || ''", "push", nil, ""},
		{"success() && 'a'", "push", nil, nil},
	} {
		got := evalExpr(tc.expr, tc.event, tc.vars)
		if tc.want == nil {
			if got.known {
				t.Errorf("evalExpr(%q, %q, %v) = %#v, want unknown", tc.expr, tc.event, tc.vars, got.v)
			}
			continue
		}
		if !got.known || fmt.Sprint(got.v) != fmt.Sprint(tc.want) {
			t.Errorf("evalExpr(%q, %q, %v) = %#v (known %v), want %#v", tc.expr, tc.event, tc.vars, got.v, got.known, tc.want)
		}
	}
}
