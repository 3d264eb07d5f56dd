package parity

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// leafWalker lists the changed leaf attributes of one change, the way
// the plan comment renders them (plan.AttributeChanges): objects and
// lists are descended, a value marked sensitive or unknown as a whole is
// one leaf, a leaf unknown after apply is listed even when its before is
// equal.
type leafWalker struct {
	d       *digester
	address string
	out     []Attribute
}

func (w *leafWalker) walk(before, after, bs, as, au any, path []string) {
	if isTrue(au) {
		w.leaf(before, nil, bs, as, true, path)
		return
	}
	whole := isTrue(bs) || isTrue(as)
	bm, bIsMap := before.(map[string]any)
	am, aIsMap := after.(map[string]any)
	aum, _ := au.(map[string]any)
	if (bIsMap || before == nil) && (aIsMap || after == nil) && (bIsMap || aIsMap) && !whole {
		keys := map[string]bool{}
		for _, m := range []map[string]any{bm, am, aum} {
			for k := range m {
				keys[k] = true
			}
		}
		for k := range keys {
			w.walk(bm[k], am[k], child(bs, k), child(as, k), child(au, k), append(slices.Clip(path), k))
		}
		return
	}
	bl, bIsList := before.([]any)
	al, aIsList := after.([]any)
	aul, _ := au.([]any)
	if (bIsList || before == nil) && (aIsList || after == nil) && (bIsList || aIsList) && !whole {
		for i := range max(len(bl), len(al), len(aul)) {
			k := strconv.Itoa(i)
			w.walk(index(bl, i), index(al, i), child(bs, k), child(as, k), child(au, k), append(slices.Clip(path), k))
		}
		return
	}
	w.leaf(before, after, bs, as, false, path)
}

func (w *leafWalker) leaf(before, after, bs, as any, unknown bool, path []string) {
	if !unknown && reflect.DeepEqual(before, after) {
		return
	}
	d := w.d
	withheld := anyTrue(bs) || anyTrue(as) || policy.SecretPath(path)
	b := d.canonical(before, withheld)
	a := d.after(after, unknown, withheld)
	if !withheld && (d.holdsSecret(b) || d.holdsSecret(a)) {
		withheld = true
		b, a = d.canonical(before, true), d.after(after, unknown, true)
	}
	p := joinPath(path)
	attr := Attribute{
		PathKey:  d.short(tagPath, []byte(w.address), []byte(p)),
		Value:    d.short(tagValue, []byte(w.address), []byte(p), b, a),
		Unknown:  unknown,
		Withheld: withheld,
	}
	if d.paths {
		attr.Path = p
	}
	w.out = append(w.out, attr)
}

// canonical is the bytes a value hashes as: compact JSON with object
// keys sorted and secret-named keys redacted (as the plan comment shows
// it), or withheldValue for a secret (null stays null: a secret being
// set or removed is what the comment shows too).
func (d *digester) canonical(v any, withheld bool) []byte {
	v = policy.Decoded(v)
	if v == nil {
		return []byte("null")
	}
	if withheld {
		return withheldValue
	}
	b, err := json.Marshal(policy.RedactKeys(v, "(sensitive)"))
	if err != nil {
		return []byte(fmt.Sprint(v))
	}
	return b
}

func (d *digester) after(v any, unknown, withheld bool) []byte {
	if unknown {
		return unknownValue
	}
	return d.canonical(v, withheld)
}

// holdsSecret reports whether canonical bytes hold one of the plan's
// secrets, which the plan comment masks wherever they appear.
func (d *digester) holdsSecret(b []byte) bool {
	if d.secrets == nil || bytes.Equal(b, withheldValue) {
		return false
	}
	s := string(b)
	if d.secrets.Replace(s) != s {
		return true
	}
	// A JSON string is compared unquoted too: a secret with a quote or
	// a backslash in it is escaped in the JSON form.
	var text string
	if json.Unmarshal(b, &text) == nil {
		return d.secrets.Replace(text) != text
	}
	return false
}

func isTrue(v any) bool { b, ok := v.(bool); return ok && b }

// anyTrue reports whether a sensitivity mask marks anything below it.
func anyTrue(v any) bool {
	v = policy.Decoded(v)
	switch x := v.(type) {
	case bool:
		return x
	case map[string]any:
		for _, s := range x {
			if anyTrue(s) {
				return true
			}
		}
	case []any:
		for _, s := range x {
			if anyTrue(s) {
				return true
			}
		}
	}
	return false
}

// child descends a mask by a key or an index: true stays true below.
func child(mask any, k string) any {
	switch m := mask.(type) {
	case bool:
		return m
	case map[string]any:
		return m[k]
	case []any:
		if i, err := strconv.Atoi(k); err == nil {
			return index(m, i)
		}
	}
	return nil
}

func index(l []any, i int) any {
	if i < len(l) {
		return l[i]
	}
	return nil
}

// joinPath renders an attribute path as terraform does (env.LOG_LEVEL,
// template[0].image), as plan.JoinPath does.
func joinPath(path []string) string {
	var b strings.Builder
	for i, p := range path {
		if _, err := strconv.Atoi(p); err == nil {
			b.WriteString("[" + p + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}
