package parity

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// synthetic is a plan of n updates of the shape a real one has: module
// addresses of a few modules and types with keys that do not repeat, an
// image, a scaling setting and a revision known after apply, and two
// outputs.
func synthetic(n int) *tfjson.Plan {
	modules := []string{`module.region["us-central1"]`, `module.region["europe-west1"]`, "module.data", "module.edge", "module.iam"}
	types := []string{"google_cloud_run_v2_service", "google_project_iam_member", "google_storage_bucket", "google_sql_database", "google_secret_manager_secret", "google_pubsub_topic"}
	p := &tfjson.Plan{OutputChanges: map[string]*tfjson.Change{
		"url":      {Actions: update, Before: "https://a", After: "https://b"},
		"revision": {Actions: update, Before: "r1", AfterUnknown: true},
	}}
	for i := range n {
		key := sha256.Sum256([]byte{byte(i), byte(i >> 8), byte(i >> 16)})
		addr := fmt.Sprintf(`%s.%s.this["%x"]`, modules[i%len(modules)], types[i%len(types)], key[:5])
		p.ResourceChanges = append(p.ResourceChanges, change(addr, update,
			obj{"image": fmt.Sprintf("europe-docker.pkg.dev/olympus/api@sha256:%064d", i), "max": 3.0, "revision": "r1"},
			obj{"image": fmt.Sprintf("europe-docker.pkg.dev/olympus/api@sha256:%064d", i+1), "max": 5.0, "revision": nil},
			unknown(obj{"revision": true}), raw))
	}
	return p
}

var alphabet = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// Each record fits its budget, keeps the most detail that fits, and
// cannot end the comment or marker it sits in.
func TestEncodeFitsTheBudget(t *testing.T) {
	for _, tc := range []struct {
		n, envs int
		want    Detail
	}{
		{0, 1, Attributes},
		{10, 1, Attributes},
		{100, 1, Attributes},
		{100, 3, Resources},
		{400, 1, Resources},
		{800, 1, Keys},
		{800, 3, Summary},
		{10000, 1, Summary},
	} {
		cs, err := Digest(synthetic(tc.n), nil)
		if err != nil {
			t.Fatal(err)
		}
		budget := Budget(tc.envs)
		s, err := cs.Encode(budget)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(s)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%5d resource changes, %d environment(s): %-10s %6d of %5d bytes", tc.n, tc.envs, back.Detail, len(s), budget)
		if len(s) > budget || !alphabet.MatchString(s) {
			t.Errorf("%d resources: %d bytes over a budget of %d, or outside the base64url alphabet", tc.n, len(s), budget)
		}
		if back.Detail != tc.want || back.Count != tc.n {
			t.Errorf("%d resources in %d bytes: detail %s count %d, want %s", tc.n, budget, back.Detail, back.Count, tc.want)
		}
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	cs, err := Digest(withOutputs(reviewedPlan(), map[string]*tfjson.Change{"url": {Actions: update, Before: "a", After: "b"}}), nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := cs.Encode(MinBudget * 8)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	gotJSON, _ := json.Marshal(back)
	wantJSON, _ := json.Marshal(cs)
	if !bytes.Equal(gotJSON, wantJSON) {
		t.Errorf("round trip:\n got %s\nwant %s", gotJSON, wantJSON)
	}
	if _, err := cs.Encode(MinBudget - 1); err == nil {
		t.Error("a budget under MinBudget was accepted")
	}
}

// No secret, sensitive value or env value is in a record in any form.
func TestRecordHoldsNoValues(t *testing.T) {
	p := plan(
		change("svc.api", update, obj{"env": obj{"DB_URL": "postgres://u:hunter2@db"}, "pin": "4711"}, obj{"env": obj{"DB_URL": "postgres://u:hunter3@db"}, "pin": "4712"},
			sensitive(obj{"pin": true})),
		change("x.cfg", update, obj{"cfg": obj{"api_key": "k-canary-1"}}, obj{"cfg": obj{"api_key": "k-canary-2"}}),
	)
	cs, err := Digest(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range cs.Resources {
		for _, a := range r.Attributes {
			if a.Path != "cfg.api_key" && !a.Withheld {
				t.Errorf("%s %s is not withheld", r.Address, a.Path)
			}
		}
	}
	s, err := cs.Encode(Budget(1))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := base64.RawURLEncoding.DecodeString(s)
	var js bytes.Buffer
	js.ReadFrom(flate.NewReader(bytes.NewReader(raw)))
	for _, secret := range []string{"hunter", "4711", "4712", "k-canary", "DB_URL", "pin"} {
		if strings.Contains(js.String(), secret) {
			t.Errorf("the record holds %q: %s", secret, js.String())
		}
	}
}

func TestDecodeRefusesWhatIsNotARecord(t *testing.T) {
	cs, _ := Digest(reviewedPlan(), nil)
	good := cs.record(Attributes)
	deflated := func(v any) string {
		js, _ := json.Marshal(v)
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, flate.BestSpeed)
		w.Write(js)
		w.Close()
		return base64.RawURLEncoding.EncodeToString(b.Bytes())
	}
	newer := good
	newer.V = Version + 1
	short := good
	short.Count = 5
	keys := cs.record(Keys)
	keys.Keys = keys.Keys[1:]
	badAction := good
	badAction.Resources = append([]recordResource{{Address: "a.b", Action: 0x4f, Values: make([]byte, hashLen)}}, good.Resources[1:]...)
	for _, tc := range []struct {
		desc, in, want string
	}{
		{"not base64", "<!-- x -->", "not a change set record"},
		{"not deflate", base64.RawURLEncoding.EncodeToString([]byte("hello")), "not a change set record"},
		{"not JSON", deflated("x"), "not a change set record"},
		{"a newer format", deflated(newer), "re-run the pull request's plan"},
		{"a count that does not match", deflated(short), "2 resources for a count of 5"},
		{"keys cut short", deflated(keys), "keys malformed"},
		{"an unknown action", deflated(badAction), `resource "a.b" malformed`},
		{"a bomb", deflated(strings.Repeat(" ", maxDecoded+10)), "over"},
	} {
		_, err := Decode(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", tc.desc, err, tc.want)
		}
	}
}

// Figures: go test -run '^$' -bench . -benchmem ./internal/domain/policy/parity/
func BenchmarkDigestAndEncode10000(b *testing.B) {
	p := synthetic(10000)
	b.ResetTimer()
	for b.Loop() {
		cs, err := Digest(p, nil)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := cs.Encode(Budget(1)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCompare10000(b *testing.B) {
	p := synthetic(10000)
	cs, _ := Digest(p, nil)
	b.ResetTimer()
	for b.Loop() {
		if c := Compare(cs, p, nil); !c.Exact {
			b.Fatal("not exact")
		}
	}
}
