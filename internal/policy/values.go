package policy

import (
	"encoding/json"

	jsonv2 "github.com/go-json-experiment/json"
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
