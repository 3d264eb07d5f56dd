package tflintrules

import (
	"regexp"
	"strings"
	"sync"
)

// The IAM rules read two kinds of CEL expression: a workload identity
// provider's attribute_condition and an IAM condition limiting the roles an
// IAM admin may grant. Neither needs a CEL evaluator: what they must prove
// is that a restriction holds for every request, which is true of a clause
// only when it is a top-level conjunct (a && b && c, no || beside it). So
// these functions split an expression into top-level conjuncts and read
// the few clause shapes a restriction is written in; anything else is
// simply not counted as a restriction.

// scan calls visit with the index and parenthesis depth of each byte of
// expr outside string literals, until visit returns false.
func scan(expr string, visit func(i, depth int) bool) {
	var depth int
	var quote byte
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
			continue
		case c == '\'' || c == '"':
			quote = c
			continue
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		}
		if !visit(i, depth) {
			return
		}
	}
}

// conjuncts splits a CEL expression at its top-level && (outside quotes,
// parentheses and brackets). ok is false when a top-level || makes the
// expression a disjunction, in which case no conjunct holds for sure. A
// conjunct wrapped in parentheses as a whole is split in turn.
func conjuncts(expr string) (parts []string, ok bool) {
	ok = true
	start := 0
	scan(expr, func(i, depth int) bool {
		if depth != 0 || i+1 >= len(expr) {
			return true
		}
		switch expr[i : i+2] {
		case "||":
			ok = false
			return false
		case "&&":
			parts = append(parts, expr[start:i])
			start = i + 2
		}
		return true
	})
	if !ok {
		return nil, false
	}
	parts = append(parts, expr[start:])
	var out []string
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if inner, wrapped := unwrapParens(p); wrapped {
			sub, ok := conjuncts(inner)
			if ok {
				out = append(out, sub...)
			} // (a || b) restricts nothing for sure
			continue
		}
		if p != "" {
			out = append(out, p)
		}
	}
	return out, true
}

// unwrapParens returns s without the parentheses around all of it.
func unwrapParens(s string) (string, bool) {
	if len(s) < 2 || s[0] != '(' || s[len(s)-1] != ')' {
		return s, false
	}
	whole := true
	scan(s, func(i, depth int) bool {
		if depth == 0 && i != len(s)-1 {
			whole = false // (a) && (b)
		}
		return whole
	})
	if !whole {
		return s, false
	}
	return s[1 : len(s)-1], true
}

var (
	claimEquals = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^((?:assertion|attribute)\.[A-Za-z0-9_]+)\s*==\s*('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")$`)
	})
	claimEquals2 = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*==\s*((?:assertion|attribute)\.[A-Za-z0-9_]+)$`)
	})
	claimIn = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^((?:assertion|attribute)\.[A-Za-z0-9_]+)\s+in\s+(\[.*\])$`)
	})
	quoted = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`) })
)

// ConditionClaims reads a workload identity provider's attribute_condition:
// for each claim that every accepted token must match (a top-level
// `assertion.X == 'v'` or `assertion.X in ['a', 'b']`, or the same with
// attribute.X), the values it may have. ok is false when the condition is
// a disjunction at the top, which guarantees no claim.
func ConditionClaims(condition string) (claims map[string][]string, ok bool) {
	parts, ok := conjuncts(condition)
	if !ok {
		return nil, false
	}
	claims = map[string][]string{}
	for _, p := range parts {
		var name string
		var values []string
		if m := claimEquals().FindStringSubmatch(p); m != nil {
			name, values = m[1], quotedStrings(m[2])
		} else if m := claimEquals2().FindStringSubmatch(p); m != nil {
			name, values = m[2], quotedStrings(m[1])
		} else if m := claimIn().FindStringSubmatch(p); m != nil {
			name, values = m[1], quotedStrings(m[2])
		} else {
			continue
		}
		if prev, seen := claims[name]; seen {
			values = intersect(prev, values)
		}
		claims[name] = values
	}
	return claims, true
}

var hasOnly = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^api\.getAttribute\(\s*['"]iam\.googleapis\.com/modifiedGrantsByRole['"]\s*,\s*\[\s*\]\s*\)\.hasOnly\(\s*(\[.*\])\s*\)$`)
})

// GrantableRoles reads an IAM condition that limits the roles a principal
// may grant and revoke, as Google documents it:
//
//	api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/a', 'roles/b'])
//
// It returns the roles when that clause is a top-level conjunct, else ok
// is false (no limit holds for sure).
func GrantableRoles(condition string) (roles []string, ok bool) {
	parts, ok := conjuncts(condition)
	if !ok {
		return nil, false
	}
	for _, p := range parts {
		if m := hasOnly().FindStringSubmatch(p); m != nil {
			return quotedStrings(m[1]), true
		}
	}
	return nil, false
}

func quotedStrings(s string) []string {
	var out []string
	for _, m := range quoted().FindAllStringSubmatch(s, -1) {
		v := m[1]
		if m[0][0] == '"' {
			v = m[2]
		}
		out = append(out, strings.NewReplacer(`\'`, `'`, `\"`, `"`, `\\`, `\`).Replace(v))
	}
	return out
}

func intersect(a, b []string) []string {
	var out []string
	for _, v := range a {
		for _, w := range b {
			if v == w {
				out = append(out, v)
				break
			}
		}
	}
	return out
}
