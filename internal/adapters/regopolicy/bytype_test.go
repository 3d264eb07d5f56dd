package regopolicy

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Rules limited to one type are evaluated over the changes of that type
// alone; every rule here gives the same results with and without that, and
// only the ones typeOf can prove are limited.
func TestRulesLimitedToATypeGiveTheSameResults(t *testing.T) {
	rules := map[string]struct {
		body    string
		limited bool
	}{
		"some_in":      {`deny contains msg if { some rc in input.resource_changes; rc.type == "google_sql_database_instance"; msg := rc.address }`, true},
		"wildcard":     {`deny contains msg if { rc := input.resource_changes[_]; "google_project_iam_member" == rc.type; msg := concat(" ", [rc.address, data.olympus.environment]) }`, true},
		"absent_type":  {`deny contains msg if { some rc in input.resource_changes; rc.type == "google_storage_bucket"; msg := rc.address }`, true},
		"index_used":   {`deny contains msg if { some i, rc in input.resource_changes; rc.type == "google_sql_database_instance"; msg := sprintf("%d", [i]) }`, false},
		"negated_type": {`deny contains msg if { some rc in input.resource_changes; not rc.type == "google_sql_database_instance"; msg := rc.address }`, false},
		"other_input":  {`deny contains msg if { some rc in input.resource_changes; rc.type == "google_sql_database_instance"; msg := sprintf("%s of %d", [rc.address, count(input.resource_changes)]) }`, false},
		"helper_rule":  {`deny contains msg if { some rc in input.resource_changes; rc.type == "google_sql_database_instance"; helper; msg := rc.address }` + "\nhelper if { count(input.resource_changes) > 2 }", false},
		"no_type":      {`warn contains msg if { some rc in input.resource_changes; "delete" in rc.change.actions; msg := rc.address }`, false},
		"two_loops":    {`deny contains msg if { some a in input.resource_changes; a.type == "google_sql_database_instance"; some b in input.resource_changes; b.type == "google_project_iam_member"; msg := concat("+", [a.address, b.address]) }`, false},
		"with":         {`deny contains msg if { some rc in input.resource_changes; rc.type == "google_sql_database_instance"; msg := rc.address with data.olympus.environment as "x" }`, false},
	}
	files := map[string]string{}
	for name, r := range rules {
		files[name+".rego"] = fmt.Sprintf("package t.%s\n\n%s\n", name, r.body)
	}
	s, err := Load(policies(t, files), "policy")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.rules {
		name := strings.TrimPrefix(r.Package, "data.t.")
		if want := rules[name].limited; (r.typ != "") != want {
			t.Errorf("%s: limited to %q, want limited %v", name, r.typ, want)
		}
	}
	plan := []Plan{{Input: sampleInput(t, nil), Data: Data{Environment: "prod"}}}
	limited, err := s.Evaluate(context.Background(), plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range s.rules {
		s.rules[i].typ = ""
	}
	whole, err := s.Evaluate(context.Background(), plan, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(limited, whole) {
		t.Errorf("limited to their types:\n%+v\nover the whole plan:\n%+v", limited, whole)
	}
	if len(whole[0].Denials) < 6 {
		t.Errorf("the rules found too little to compare: %+v", whole[0].Denials)
	}
}
