package plan

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/jsonmut"
)

// fixtures are terraform-json's own plan fixtures, many format versions.
const fixtures = "../policy/testdata/terraform-json"

func fixturePlans(t testing.TB) map[string][]byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.json"))
	if len(files) < 20 {
		t.Fatalf("only %d fixtures", len(files))
	}
	out := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(f)] = b
	}
	return out
}

// Parse reads what terraform-json reads: the same changes, drift, outputs
// and variables, and the same secrets.
func TestParseReadsWhatTerraformJSONReads(t *testing.T) {
	for name, b := range fixturePlans(t) {
		t.Run(name, func(t *testing.T) {
			got, err := Parse(bytes.NewReader(b))
			var want tfjson.Plan
			wantErr := json.Unmarshal(b, &want)
			if wantErr == nil {
				wantErr = want.Validate()
			}
			if (err == nil) != (wantErr == nil) {
				t.Fatalf("Parse error %v, terraform-json error %v", err, wantErr)
			}
			if err != nil {
				return
			}
			if g, w := policy.Count(got.Plan), policy.Count(&want); g != w {
				t.Errorf("Count = %+v, want %+v", g, w)
			}
			if g, w := policy.Changes(got.Plan), policy.Changes(&want); !slices.Equal(g, w) {
				t.Errorf("Changes = %+v, want %+v", g, w)
			}
			if g, w := policy.DriftAddresses(got.Plan), policy.DriftAddresses(&want); !slices.Equal(g, w) {
				t.Errorf("drift = %q, want %q", g, w)
			}
			if g, w := got.Secrets, policy.Secrets(&want); !slices.Equal(g, w) {
				t.Errorf("Secrets = %q, want %q", g, w)
			}
			if g := policy.Secrets(got.Plan); !slices.Equal(g, got.Secrets) {
				t.Errorf("policy.Secrets of the parsed plan = %q, gathered while reading %q", g, got.Secrets)
			}
			for i, rc := range got.ResourceChanges {
				wrc := want.ResourceChanges[i]
				if g, w := AttributeChanges(rc.Change, nil), AttributeChanges(wrc.Change, nil); !slices.Equal(g, w) {
					t.Errorf("%s: attribute changes %+v, want %+v", rc.Address, g, w)
				}
			}
			if len(got.OutputChanges) != len(want.OutputChanges) || len(got.Variables) != len(want.Variables) {
				t.Errorf("%d output changes and %d variables, want %d and %d",
					len(got.OutputChanges), len(got.Variables), len(want.OutputChanges), len(want.Variables))
			}
		})
	}
}

func TestParseDropsNullEntries(t *testing.T) {
	in := `{"format_version":"1.2","terraform_version":"1.11.4",
	"variables":{"v":null,"db_password":{"value":"var-secret-1"}},
	"resource_changes":[null,
		{"address":"a.gone","type":"x","mode":"managed","change":null},
		{"address":"a.kept","type":"x","mode":null,"name":null,"index":null,"change":{"actions":null,"before":null,"after":null,"after_unknown":null,"before_sensitive":null,"after_sensitive":null,"importing":null,"replace_paths":null}},
		{"address":"a.new","type":"x","mode":"managed","change":{"actions":["create"],"after":{"k":"res-secret-2","l":[null],"m":{"n":null}},"after_sensitive":{"k":true}}}],
	"resource_drift":[null,{"address":"a.d","change":null}],
	"output_changes":{"o":null,"p":{"actions":["create"],"after":"out-1","after_sensitive":null,"after_unknown":null}},
	"planned_values":{"outputs":{"o":null},"root_module":null},
	"prior_state":{"values":null},
	"configuration":{"root_module":{"variables":{"v":null}}}}`
	p, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var addrs []string
	for _, rc := range p.ResourceChanges {
		addrs = append(addrs, rc.Address)
	}
	if !slices.Equal(addrs, []string{"a.kept", "a.new"}) {
		t.Errorf("resource changes %q, want a.kept and a.new", addrs)
	}
	if len(p.ResourceDrift) != 0 || len(p.OutputChanges) != 1 || p.OutputChanges["p"] == nil || len(p.Variables) != 1 {
		t.Errorf("drift %d, outputs %v, variables %v", len(p.ResourceDrift), p.OutputChanges, p.Variables)
	}
	if len(p.PlannedValues.Outputs) != 0 || p.Config.RootModule.Variables["v"] != nil {
		t.Errorf("null outputs or variables kept: %v %v", p.PlannedValues.Outputs, p.Config.RootModule.Variables)
	}
	if !slices.Equal(p.Secrets, []string{"res-secret-2", "var-secret-1"}) {
		t.Errorf("Secrets = %q", p.Secrets)
	}
	if c := policy.Count(p.Plan); c != (policy.Counts{Add: 1, Outputs: 1}) {
		t.Errorf("Count = %+v", c)
	}
}

func TestParseNamesMistypedEntries(t *testing.T) {
	const v = `"format_version":"1.2"`
	tests := map[string]string{
		`{` + v + `,"resource_changes":{}}`:                                                   "resource_changes: found an object where a list is expected",
		`{` + v + `,"resource_changes":[{"address":5}]}`:                                      "resource_changes[0].address: found a number where a string is expected",
		`{` + v + `,"resource_changes":[null,{"change":{"actions":"create"}}]}`:               "resource_changes[1].change.actions: found a string where a list of actions is expected",
		`{` + v + `,"resource_changes":[{"change":{"actions":[1]}}]}`:                         "resource_changes[0].change.actions[0]: found a number where a string is expected",
		`{` + v + `,"resource_drift":[{"change":{"after":{"a":[1e400]}}}]}`:                   "resource_drift[0].change.after: the number 1e400 is out of range",
		`{` + v + `,"resource_changes":[{"change":{"after_sensitive":{"a":-1e999}}}]}`:        "resource_changes[0].change.after_sensitive: ",
		`{` + v + `,"resource_changes":[{"change":{"importing":"x"}}]}`:                       "resource_changes[0].change.importing: cannot read a string as an object",
		`{` + v + `,"output_changes":{"o":{"actions":{}}}}`:                                   "output_changes.o.actions: found an object where a list of actions is expected",
		`{` + v + `,"variables":{"v":{"value":1e400}}}`:                                       "variables.v.value: the number 1e400 is out of range",
		`{` + v + `,"configuration":{"root_module":{"variables":{"v":{"sensitive":"yes"}}}}}`: "configuration.root_module.variables.v.sensitive: cannot read a string as true or false",
		`{` + v + `,"planned_values":{"outputs":{"o":{"sensitive":1}}}}`:                      "planned_values.outputs.o.sensitive: cannot read a number as true or false",
		`{` + v + `,"format_version":"1.2"}`:                                                  "duplicate object member name",
		`{` + v + `} {}`:                                                                      "more JSON after the plan",
		`{` + v + `,`:                                                                         "the JSON ends too early",
		``:                                                                                    "the JSON ends too early",
		`[]`:                                                                                  "the plan: found a list where an object is expected",
		"{\"format_version\":\"1.2\xff\"}":                                                    "invalid UTF-8",
		`{"format_version":1.2}`:                                                              "format_version: found a number where a string is expected",
		`{"format_version":"3.0"}`:                                                            `unsupported plan format version: "3.0.0"`,
		`null`:                                                                                "format version is missing",
	}
	for in, want := range tests {
		_, err := Parse(strings.NewReader(in))
		if err == nil || !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "not a `terraform show -json` plan") {
			t.Errorf("%s:\n got %v\nwant %q", in, err, want)
		}
	}
}

func TestParseIgnoresUnknownFieldsAndKeepsValuesCompact(t *testing.T) {
	in := `{"format_version":"1.2","some_new_field":{"x":[1,2]},
	  "resource_changes":[{"address":"a.b","mode":"managed","type":"x","new":1,"change":{"actions":["update"],
	    "before":{ "a" : "one two" , "b":[ 1, 2 ] },"after":{"a":"one  three","b":[1,2]},"new":true}}]}`
	p, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := p.ResourceChanges[0].Change.Before.(json.RawMessage)
	if string(before) != `{"a":"one two","b":[1,2]}` {
		t.Errorf("before kept as %s", before)
	}
	got := AttributeChanges(p.ResourceChanges[0].Change, nil)
	if len(got) != 1 || got[0].Path != "a" || got[0].Before != `"one two"` || got[0].After != `"one  three"` {
		t.Errorf("AttributeChanges = %+v", got)
	}
}

// FuzzParse: no input makes Parse, or the shared rules over what it read,
// panic; the secrets gathered while reading are policy.Secrets of the
// plan read. Seeds are real plans with null and mistyped entries.
func FuzzParse(f *testing.F) {
	for _, b := range fixturePlans(f) {
		f.Add(b, uint32(0), uint8(0))
		f.Add(b, uint32(7), uint8(len(jsonmut.Replacements)))
		f.Add(b, uint32(40), uint8(3))
	}
	f.Fuzz(func(t *testing.T, doc []byte, at uint32, kind uint8) {
		for _, in := range [][]byte{doc, jsonmut.Mutate(doc, at, kind)} {
			p, err := Parse(bytes.NewReader(in))
			if err != nil {
				if !strings.HasPrefix(err.Error(), "not a `terraform show -json` plan") {
					t.Fatalf("error %q does not say what is wrong", err)
				}
				continue
			}
			if got := policy.Secrets(p.Plan); !slices.Equal(got, p.Secrets) {
				t.Fatalf("policy.Secrets = %q, gathered while reading %q", got, p.Secrets)
			}
			useEverything(p.Plan)
		}
	})
}

// useEverything runs every shared rule and the diff walker over a plan.
func useEverything(p *tfjson.Plan) {
	_ = policy.Count(p).String()
	policy.Changes(p)
	policy.DriftAddresses(p)
	policy.PinnedTraffic(p)
	policy.NewProtected(policy.DefaultProtected).PlanDestroys(p)
	for _, list := range [][]*tfjson.ResourceChange{p.ResourceChanges, p.ResourceDrift} {
		for _, rc := range list {
			if rc != nil {
				AttributeChanges(rc.Change, nil)
				ReplacePaths(rc.Change)
			}
		}
	}
}

// The streaming reader keeps from the configuration what tells a value set
// from a secret-named variable or local, in the root module and in called
// modules, so that a value changed by hand there is a secret as it is for
// policy.Secrets of the whole plan.
func TestParseKeepsSecretReferencesOfTheConfiguration(t *testing.T) {
	src := `{"format_version":"1.2","terraform_version":"1.11.4",
	"resource_drift":[
	 {"address":"x_y.z","mode":"managed","type":"x_y","name":"z","change":{"actions":["update"],
	  "before":{"metadata":{"boot":"old-token-1"},"name":"plain-1"},"after":{"metadata":{"boot":"canary-7f3e9b"},"name":"plain-2"}}},
	 {"address":"module.app[\"a.b\"].x_y.w","module_address":"module.app[\"a.b\"]","mode":"managed","type":"x_y","name":"w","change":{"actions":["update"],
	  "before":{"pw":"old-local-1"},"after":{"pw":"canary-local-2"}}}],
	"configuration":{"root_module":{
	 "resources":[{"address":"x_y.z","mode":"managed","type":"x_y","name":"z","expressions":{
	   "metadata":{"references":["var.bootstrap_token"]},"name":{"references":["var.name"]}}}],
	 "module_calls":{"app":{"source":"./app","expressions":{},"module":{"resources":[
	   {"address":"x_y.w","mode":"managed","type":"x_y","name":"w","expressions":{
	     "pw":{"references":["local.db_password"]}}}]}}}}}}`
	got, err := Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"canary-7f3e9b", "old-token-1", "canary-local-2"} {
		if !slices.Contains(got.Secrets, want) {
			t.Errorf("secrets %q lack %q", got.Secrets, want)
		}
	}
	if slices.Contains(got.Secrets, "plain-2") {
		t.Errorf("secrets %q hold a value set from an ordinary variable", got.Secrets)
	}
	var whole tfjson.Plan
	if err := json.Unmarshal([]byte(src), &whole); err != nil {
		t.Fatal(err)
	}
	if w := policy.Secrets(&whole); !slices.Equal(got.Secrets, w) {
		t.Errorf("streamed %q, policy.Secrets of the whole plan %q", got.Secrets, w)
	}
}
