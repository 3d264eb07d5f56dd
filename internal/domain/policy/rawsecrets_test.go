package policy

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// raw is what plan.Parse keeps of a change value: objects and lists as
// compact JSON, scalars decoded.
func raw(t testing.TB, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	switch v.(type) {
	case map[string]any, []any:
		var b bytes.Buffer
		if err := json.Compact(&b, []byte(s)); err != nil {
			t.Fatal(err)
		}
		return json.RawMessage(b.Bytes())
	}
	return v
}

func decoded(t testing.TB, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return v
}

// bothWays returns the secrets of a change whose values are decoded, as
// terraform-exec gives them, and of the same change with raw values, as
// plan.Parse gives it.
func bothWays(t testing.TB, before, after, bs, as string) (fromDecoded, fromRaw []string, err error) {
	t.Helper()
	d, r := SecretSet{}, SecretSet{}
	d.AddChange(&tfjson.Change{Before: decoded(t, before), After: decoded(t, after), BeforeSensitive: decoded(t, bs), AfterSensitive: decoded(t, as)})
	err = r.AddChange(&tfjson.Change{Before: raw(t, before), After: raw(t, after), BeforeSensitive: raw(t, bs), AfterSensitive: raw(t, as)})
	return d.Sorted(), r.Sorted(), err
}

func TestRawValuesGiveTheSameSecrets(t *testing.T) {
	tests := []struct {
		name                  string
		before, after, bs, as string
		want                  []string
	}{
		{"marked leaf", `{"env":{"API_TOKEN":"tok-123","LOG":"info"}}`, `null`, `{"env":{"API_TOKEN":true}}`, `false`, []string{"tok-123"}},
		{"whole value marked", `null`, `{"a":{"b":["xsec-1",{"c":12345678}]},"n":true}`, `false`, `true`, []string{"1.2345678e+07", "12345678", "xsec-1"}},
		{"list mask", `["aaa-aaa","bbb-bbb","ccc-ccc"]`, `null`, `[false,true]`, `false`, []string{"bbb-bbb"}},
		{"mask shape differs", `{"a":"xyz1"}`, `["p-1"]`, `["true"]`, `{"0":true}`, nil},
		{"secret key at depth", `null`, `{"output":{"host":"db","password":"pw-4567"},"list":[{"client_secret":"cs-1234"}]}`, `false`, `{}`, []string{"cs-1234", "pw-4567"}},
		{"secret key over a subtree", `null`, `{"credentials":{"user":"u-99999","keys":["k-11111",{"x":123456}]}}`, `false`, `false`, []string{"123456", "k-11111", "u-99999"}},
		{"JSON string", `null`, `{"policy":"{\"password\":\"in-json\",\"n\":\"plain\"}"}`, `false`, `false`, []string{"in-json"}},
		{"escaped JSON string", `null`, `{"policy":"\n  {\"api_key\":\"k\u0065y-111\"}"}`, `false`, `false`, []string{"key-111"}},
		{"marked JSON string", `null`, `{"doc":"{\"a\":\"inner-1\",\"n\":1234567}"}`, `false`, `{"doc":true}`, []string{"1.234567e+06", "1234567", "inner-1", "{\"a\":\"inner-1\",\"n\":1234567}"}},
		{"short and boolean values", `null`, `{"password":{"a":true,"b":"ab","c":12,"d":"abcdef"}}`, `false`, `false`, []string{"abcdef"}},
		{"escaped key", `null`, `{"pass\u0077ord":"esc-111"}`, `false`, `false`, []string{"esc-111"}},
		{"nothing secret", `{"a":"x","b":[1,2,{"c":"y"}]}`, `{"a":"z"}`, `{}`, `{"b":[]}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, r, err := bothWays(t, tt.before, tt.after, tt.bs, tt.as)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(d, tt.want) {
				t.Errorf("decoded values give %q, want %q", d, tt.want)
			}
			if !slices.Equal(r, d) {
				t.Errorf("raw values give %q, decoded ones %q", r, d)
			}
		})
	}
}

func TestRawValuesOutOfRangeAreErrors(t *testing.T) {
	for _, c := range []*tfjson.Change{
		{After: json.RawMessage(`{"a":1e400}`)},
		{Before: json.RawMessage(`[1,-1e999]`), BeforeSensitive: true},
		{After: json.RawMessage(`{"a":1}`), AfterSensitive: json.RawMessage(`{"a":1e400}`)},
		{After: json.RawMessage(`{"a":1}`), AfterUnknown: json.RawMessage(`{"a":[1e400]}`)},
		{After: json.RawMessage(`{"a":1} {}`)},
		{After: json.RawMessage(`{"a":`)},
	} {
		if err := (SecretSet{}).AddChange(c); err == nil {
			t.Errorf("%+v: no error", c)
		}
	}
}

func TestDecodedReadsRawValues(t *testing.T) {
	v := Decoded(json.RawMessage(`{"a":[1,"x",null,true]}`))
	want := map[string]any{"a": []any{1.0, "x", nil, true}}
	if b1, b2 := mustJSON(t, v), mustJSON(t, want); b1 != b2 {
		t.Errorf("Decoded = %s, want %s", b1, b2)
	}
	if Decoded("plain") != "plain" || Decoded(json.RawMessage(`{"a":1e400}`)) != nil {
		t.Error("Decoded changed a decoded value or read a bad raw one")
	}
}

func mustJSON(t *testing.T, v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// FuzzRawSecrets: walking a raw value finds exactly the secrets that
// decoding it and walking the tree finds.
func FuzzRawSecrets(f *testing.F) {
	f.Add(`{"env":{"API_TOKEN":"tok-123","LOG":"info"}}`, `{"env":{"API_TOKEN":true}}`)
	f.Add(`{"policy":"{\"password\":\"in-json\"}","list":[1234567,"abc"]}`, `{"list":[false,true]}`)
	f.Add(`["aaa",{"token":{"x":["bbb",12345678]}}]`, `true`)
	f.Fuzz(func(t *testing.T, value, mask string) {
		var v, m any
		if json.Unmarshal([]byte(value), &v) != nil || json.Unmarshal([]byte(mask), &m) != nil {
			return
		}
		var compact bytes.Buffer
		if json.Compact(&compact, []byte(value)) != nil {
			return
		}
		d, r := SecretSet{}, SecretSet{}
		d.AddChange(&tfjson.Change{After: v, AfterSensitive: m})
		if err := r.AddChange(&tfjson.Change{After: json.RawMessage(compact.Bytes()), AfterSensitive: m}); err != nil {
			// encoding/json/v2 is stricter (duplicate names, invalid
			// UTF-8); plan.Parse refuses such plans.
			return
		}
		if !slices.Equal(d.Sorted(), r.Sorted()) {
			t.Fatalf("raw %q, decoded %q", r.Sorted(), d.Sorted())
		}
	})
}
