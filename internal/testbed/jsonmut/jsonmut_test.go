package jsonmut

import (
	"encoding/json"
	"testing"
)

func TestMutateReachesEveryValueAndKind(t *testing.T) {
	doc := []byte(`{"a":[1,{"b":"c"}],"d":null}`)
	seen := map[string]bool{}
	for at := uint32(0); at < 6; at++ {
		for kind := 0; kind <= len(Replacements); kind++ {
			seen[string(Mutate(doc, at, uint8(kind)))] = true
		}
	}
	for _, want := range []string{
		`null`, // the whole document
		`{"a":null,"d":null}`,
		`{"a":[null,{"b":"c"}],"d":null}`,
		`{"a":[1,{"b":"c"}],"d":1e400}`,
		`{"a":[1,{"b":null}],"d":null}`, // every entry of an object made null
		`{"a":[null,null],"d":null}`,    // every entry of a list made null
		`{"a":[1,{"b":{"x":null}}],"d":null}`,
	} {
		if !seen[want] {
			t.Errorf("no mutation gave %s", want)
		}
	}
	if got := string(Mutate([]byte("not json"), 3, 4)); got != "not json" {
		t.Errorf("Mutate changed a non-JSON input: %q", got)
	}
	var v any
	if err := json.Unmarshal(Mutate(doc, 2, 5), &v); err != nil {
		t.Errorf("a mutation is not JSON: %v", err)
	}
}
