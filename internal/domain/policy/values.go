package policy

import (
	"bytes"
	"encoding/json"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Decoded returns v decoded when it is a json.RawMessage, else v itself.
//
// plan.Parse keeps the values of each resource change (before, after and
// their masks) as compact JSON, so that a plan of 100,000 resources does
// not hold 100,000 decoded trees; every reader of those values goes
// through Decoded and gets what encoding/json would have decoded (objects
// as map[string]any, numbers as float64). Parse has checked the JSON and
// decoded it once already, so an error cannot happen for its values; a
// raw value that does not decode reads as null.
func Decoded(v any) any {
	raw, ok := v.(json.RawMessage)
	if !ok {
		return v
	}
	var out any
	if err := jsonv2.Unmarshal(raw, &out); err != nil {
		return nil
	}
	return out
}

// Member is Decoded(v)[name] for an object value, decoding only that
// member of a raw one: a rule that reads one attribute of every resource
// of a large plan should not decode each resource whole.
func Member(v any, name string) any {
	raw, ok := v.(json.RawMessage)
	if !ok {
		m, _ := v.(map[string]any)
		return m[name]
	}
	d := jsontext.NewDecoder(bytes.NewReader(raw))
	if tok, err := d.ReadToken(); err != nil || tok.Kind() != '{' {
		return nil
	}
	for d.PeekKind() == '"' {
		key, err := d.ReadToken()
		if err != nil {
			return nil
		}
		if key.String() != name {
			if d.SkipValue() != nil {
				return nil
			}
			continue
		}
		var out any
		if jsonv2.UnmarshalDecode(d, &out) != nil {
			return nil
		}
		return out
	}
	return nil
}
