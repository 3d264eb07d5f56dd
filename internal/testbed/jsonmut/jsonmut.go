// Package jsonmut mutates JSON documents the way a broken or hostile
// producer would: a value somewhere replaced by null or by a value of
// another type, an entry of a list or map made null. Fuzz tests use it
// to reach the plan reader's and the renderer's handling of such entries
// from real plans, which byte-level mutation rarely does.
package jsonmut

import (
	"bytes"
	"encoding/json"
	"sort"
)

// Replacements are what a mutated value becomes.
var Replacements = []string{
	`null`, `false`, `true`, `0`, `-1.5e300`, `12345678`, `""`, `"x"`, `[]`, `{}`, `[null]`, `{"x":null}`,
	`[[[[null]]]]`, `{"":{"":{"":null}}}`, `"::stop-commands::x\r::add-mask::y"`, `1e400`, `["create"]`, `"\u0000"`,
}

// Mutate returns doc with one value changed, or doc itself when it is not
// JSON. at picks the value (in a walk of the document, objects by sorted
// key), kind what happens to it: replaced by one of Replacements, or,
// for a list or an object, every element of it made null.
func Mutate(doc []byte, at uint32, kind uint8) []byte {
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return doc
	}
	n := count(v)
	target := int(at % uint32(n))
	choice := int(kind) % (len(Replacements) + 1)
	i := 0
	v = replace(v, target, &i, func(old any) any {
		if choice == len(Replacements) {
			return nullEntries(old)
		}
		var r any
		rd := json.NewDecoder(bytes.NewReader([]byte(Replacements[choice])))
		rd.UseNumber()
		if rd.Decode(&r) != nil {
			// 1e400 does not decode: it is spliced in as text below.
			return rawMarker
		}
		return r
	})
	b, err := json.Marshal(v)
	if err != nil {
		return doc
	}
	marker, _ := json.Marshal(rawMarker)
	return bytes.Replace(b, marker, []byte(`1e400`), 1)
}

// rawMarker stands for a replacement that encoding/json cannot hold.
const rawMarker = "\x00jsonmut-raw\x00"

func count(v any) int {
	n := 1
	switch x := v.(type) {
	case map[string]any:
		for _, sub := range x {
			n += count(sub)
		}
	case []any:
		for _, sub := range x {
			n += count(sub)
		}
	}
	return n
}

// replace walks v in order and replaces the target'th value by fn of it.
func replace(v any, target int, i *int, fn func(any) any) any {
	if *i == target {
		*i++
		return fn(v)
	}
	*i++
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			x[k] = replace(x[k], target, i, fn)
		}
	case []any:
		for j := range x {
			x[j] = replace(x[j], target, i, fn)
		}
	}
	return v
}

func nullEntries(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k := range x {
			x[k] = nil
		}
	case []any:
		for j := range x {
			x[j] = nil
		}
	default:
		return nil
	}
	return v
}
