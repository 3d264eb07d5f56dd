package codify

import (
	"fmt"
	"strings"
)

// Address is a managed resource's address split into the module calls that
// lead to it and the resource itself: module.api.google_x.main["k"] is
// Modules [api], Type google_x, Name main, Key "k".
type Address struct {
	Modules    []string
	Type, Name string
	// Key is the instance key as written ([0], ["k"]), or "".
	Key string
}

func (a Address) String() string {
	var b strings.Builder
	for _, m := range a.Modules {
		b.WriteString("module." + m + ".")
	}
	b.WriteString(a.Type + "." + a.Name + a.Key)
	return b.String()
}

// ParseAddress reads a managed resource address as terraform prints it.
// Instance keys of module calls are dropped: every instance of a call
// shares its source.
func ParseAddress(s string) (Address, error) {
	parts, err := splitAddress(s)
	if err != nil {
		return Address{}, err
	}
	var a Address
	for len(parts) >= 2 && parts[0] == "module" {
		name, _ := cutKey(parts[1])
		a.Modules = append(a.Modules, name)
		parts = parts[2:]
	}
	if len(parts) != 2 || parts[0] == "data" {
		return Address{}, fmt.Errorf("%q is not a managed resource address", s)
	}
	a.Type = parts[0]
	a.Name, a.Key = cutKey(parts[1])
	if a.Type == "" || a.Name == "" {
		return Address{}, fmt.Errorf("%q is not a managed resource address", s)
	}
	return a, nil
}

// splitAddress splits on the dots that are outside brackets and quotes.
func splitAddress(s string) ([]string, error) {
	var parts []string
	var cur strings.Builder
	depth, quoted, escaped := 0, false, false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case quoted && r == '\\':
			escaped = true
		case r == '"':
			quoted = !quoted
		case !quoted && r == '[':
			depth++
		case !quoted && r == ']':
			depth--
		case !quoted && depth == 0 && r == '.':
			parts = append(parts, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteRune(r)
	}
	if quoted || depth != 0 {
		return nil, fmt.Errorf("%q is not a resource address: unbalanced brackets or quotes", s)
	}
	return append(parts, cur.String()), nil
}

func cutKey(s string) (name, key string) {
	if i := strings.IndexByte(s, '['); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}
