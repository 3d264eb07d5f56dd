package plan

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// Shown in place of values that must not or cannot be printed.
const (
	Redacted = "(sensitive)"
	Unknown  = "(known after apply)"
	Null     = "null"
)

// MaxValueLen bounds one rendered value; longer ones are cut with "…".
const MaxValueLen = 120

// AttrChange is one changed leaf attribute of a resource.
type AttrChange struct {
	Path          string
	Before, After string
	// ForcesReplace marks the attributes in replace_paths.
	ForcesReplace bool
}

// AttributeChanges lists the leaf attributes that differ between before and
// after, in path order. Sensitive values (marked by terraform or at a
// SecretPath) are Redacted; values known only after apply are Unknown.
// Raw values (see Parse) are decoded here, for this change only.
//
// redact, when set, is applied to each value as printed, before it is cut
// or escaped: a cut or an escape must never leave part of a secret that
// redaction of the finished text would no longer recognise.
func AttributeChanges(c *tfjson.Change, redact func(string) string) []AttrChange {
	if c == nil {
		return nil
	}
	w := &walker{replace: map[string]bool{}, redact: redact}
	for _, rp := range c.ReplacePaths {
		w.replace[JoinPath(toPath(rp))] = true
	}
	w.walk(policy.Decoded(c.Before), policy.Decoded(c.After), policy.Decoded(c.BeforeSensitive), policy.Decoded(c.AfterSensitive),
		policy.Decoded(c.AfterUnknown), nil)
	sort.SliceStable(w.out, func(i, j int) bool { return w.out[i].Path < w.out[j].Path })
	return w.out
}

// ReplacePaths renders the attributes that force a replacement.
func ReplacePaths(c *tfjson.Change) []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, rp := range c.ReplacePaths {
		out = append(out, JoinPath(toPath(rp)))
	}
	return out
}

type walker struct {
	out     []AttrChange
	replace map[string]bool
	redact  func(string) string
}

func (w *walker) walk(before, after, bs, as, au any, path []string) {
	if IsTrue(au) {
		w.leaf(before, nil, bs, as, true, path)
		return
	}
	bm, bIsMap := before.(map[string]any)
	am, aIsMap := after.(map[string]any)
	aum, _ := au.(map[string]any)
	if (bIsMap || before == nil) && (aIsMap || after == nil) && (bIsMap || aIsMap) && !IsTrue(bs) && !IsTrue(as) {
		keys := map[string]bool{}
		for k := range bm {
			keys[k] = true
		}
		for k := range am {
			keys[k] = true
		}
		for k := range aum {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			w.walk(bm[k], am[k], child(bs, k), child(as, k), child(au, k), append(path, k))
		}
		return
	}
	bl, bIsList := before.([]any)
	al, aIsList := after.([]any)
	aul, _ := au.([]any)
	if (bIsList || before == nil) && (aIsList || after == nil) && (bIsList || aIsList) && !IsTrue(bs) && !IsTrue(as) {
		n := max(len(bl), len(al), len(aul))
		for i := 0; i < n; i++ {
			w.walk(index(bl, i), index(al, i), indexAny(bs, i), indexAny(as, i), indexAny(au, i), append(path, strconv.Itoa(i)))
		}
		return
	}
	w.leaf(before, after, bs, as, false, path)
}

func (w *walker) leaf(before, after, bs, as any, unknown bool, path []string) {
	if !unknown && reflect.DeepEqual(before, after) {
		return
	}
	secret := policy.SecretPath(path)
	c := AttrChange{Path: JoinPath(path), ForcesReplace: w.replace[JoinPath(path)]}
	c.Before = Value(before, secret || AnyTrue(bs), w.redact)
	switch {
	case unknown:
		c.After = Unknown
	default:
		c.After = Value(after, secret || AnyTrue(as), w.redact)
	}
	w.out = append(w.out, c)
}

// Value renders a value as compact JSON cut to MaxValueLen, or Redacted;
// redact, when set, is applied before the cut.
func Value(v any, sensitive bool, redact func(string) string) string {
	if v == nil {
		return Null
	}
	if sensitive {
		return Redacted
	}
	// A secret-named key inside an object or a JSON string is a secret
	// wherever the object is shown.
	v = policy.RedactKeys(v, Redacted)
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s := string(b)
	if redact != nil {
		s = redact(s)
	}
	if r := []rune(s); len(r) > MaxValueLen {
		s = string(r[:MaxValueLen]) + "…"
	}
	return s
}

// IsTrue reports whether a mask (sensitive, unknown) is the literal true.
func IsTrue(v any) bool { b, ok := v.(bool); return ok && b }

// AnyTrue reports whether a sensitivity mask marks anything below it.
func AnyTrue(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case map[string]any:
		for _, s := range x {
			if AnyTrue(s) {
				return true
			}
		}
	case []any:
		for _, s := range x {
			if AnyTrue(s) {
				return true
			}
		}
	}
	return false
}

// child descends a mask: true stays true for the whole subtree.
func child(mask any, k string) any {
	if IsTrue(mask) {
		return true
	}
	if m, ok := mask.(map[string]any); ok {
		return m[k]
	}
	return nil
}

func indexAny(mask any, i int) any {
	if IsTrue(mask) {
		return true
	}
	if l, ok := mask.([]any); ok {
		return index(l, i)
	}
	return nil
}

func index(l []any, i int) any {
	if i < len(l) {
		return l[i]
	}
	return nil
}

func toPath(rp any) []string {
	list, _ := rp.([]any)
	out := make([]string, 0, len(list))
	for _, e := range list {
		switch x := e.(type) {
		case string:
			out = append(out, x)
		case float64:
			out = append(out, strconv.Itoa(int(x)))
		case json.Number:
			out = append(out, x.String())
		default:
			out = append(out, fmt.Sprint(x))
		}
	}
	return out
}

// JoinPath renders an attribute path as terraform does: env.LOG_LEVEL,
// template[0].image.
func JoinPath(path []string) string {
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
