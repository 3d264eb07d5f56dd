package release

import (
	"strings"
	"testing"
	"unicode"
)

// A job's if: decides which events it runs for. evalIf evaluates it for
// one event with three values: what depends only on github.event_name is
// true or false, anything else is unknown (the job may run). It reads the
// subset of GitHub's expression language conditions on the event are
// written in: ==, !=, &&, ||, !, parentheses, string literals and
// function calls (always() is true, the others unknown).

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

func evalIf(cond, event string) tri {
	cond = strings.TrimSpace(cond)
	if cond == "" {
		return triTrue
	}
	if strings.HasPrefix(cond, "${{") && strings.HasSuffix(cond, "}}") {
		cond = strings.TrimSpace(cond[3 : len(cond)-2])
	}
	p := &ifParser{toks: lexIf(cond), event: event}
	v := p.or()
	if p.pos != len(p.toks) {
		return triUnknown
	}
	return v.truth()
}

// operand is a value: known (a string) or not.
type operand struct {
	known bool
	s     string
	// b is set for results of comparisons and logic.
	b     tri
	isTri bool
}

func (o operand) truth() tri {
	switch {
	case o.isTri:
		return o.b
	case o.known:
		return triOf(o.s != "" && o.s != "false" && o.s != "0")
	}
	return triUnknown
}

type ifParser struct {
	toks  []string
	pos   int
	event string
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
		a, b := v.truth(), r.truth()
		switch {
		case a == triTrue || b == triTrue:
			v = operand{isTri: true, b: triTrue}
		case a == triFalse && b == triFalse:
			v = operand{isTri: true, b: triFalse}
		default:
			v = operand{isTri: true, b: triUnknown}
		}
	}
	return v
}

func (p *ifParser) and() operand {
	v := p.unary()
	for p.peek() == "&&" {
		p.next()
		r := p.unary()
		a, b := v.truth(), r.truth()
		switch {
		case a == triFalse || b == triFalse:
			v = operand{isTri: true, b: triFalse}
		case a == triTrue && b == triTrue:
			v = operand{isTri: true, b: triTrue}
		default:
			v = operand{isTri: true, b: triUnknown}
		}
	}
	return v
}

func (p *ifParser) unary() operand {
	if p.peek() == "!" {
		p.next()
		return operand{isTri: true, b: p.unary().truth().not()}
	}
	return p.comparison()
}

func (p *ifParser) comparison() operand {
	l := p.primary()
	if op := p.peek(); op == "==" || op == "!=" {
		p.next()
		r := p.primary()
		if !l.known || !r.known {
			return operand{isTri: true, b: triUnknown}
		}
		// GitHub compares strings case-insensitively.
		eq := strings.EqualFold(l.s, r.s)
		return operand{isTri: true, b: triOf(eq == (op == "=="))}
	}
	return l
}

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
		return operand{known: true, s: strings.ReplaceAll(strings.Trim(t, "'"), "''", "'")}
	case p.peek() == "(":
		// A function call: skip its arguments.
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
			return operand{isTri: true, b: triTrue}
		}
		return operand{}
	case t == "github.event_name":
		return operand{known: true, s: p.event}
	case t == "true" || t == "false":
		return operand{known: true, s: t}
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
