package policy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

func load(t *testing.T, name string) *tfjson.Plan {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "terraform-json", name))
	if err != nil {
		t.Fatal(err)
	}
	var p tfjson.Plan
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return &p
}

func TestCountOnRealPlans(t *testing.T) {
	tests := map[string]Counts{
		"basic__plan.json":                      {Add: 7, Outputs: 8},
		"110_sensitive_values__plan.json":       {Add: 7, Outputs: 8},
		"action_reason__plan.json":              {Add: 1, Destroy: 1, Replace: 1},
		"config_resource_depends_on__plan.json": {Add: 1, Destroy: 1, Replace: 1},
		"identity__plan.json":                   {Change: 1, Import: 1},
		"moved_block__plan.json":                {Move: 1},
		"no_changes__plan.json":                 {Outputs: 8}, // terraform 0.12 planned every output as a create
		"013_module_depends_on__plan.json":      {Add: 2},     // its data source read is not a change
	}
	for name, want := range tests {
		t.Run(name, func(t *testing.T) {
			got := Count(load(t, name))
			if got != want {
				t.Errorf("Count = %+v, want %+v", got, want)
			}
			if got.HasChanges() != (want != Counts{}) {
				t.Errorf("HasChanges = %v", got.HasChanges())
			}
		})
	}
}

func TestChangesListsMovesAndImportsEvenWithoutActions(t *testing.T) {
	moved := Changes(load(t, "moved_block__plan.json"))
	if len(moved) != 1 || moved[0].Action != NoOp || moved[0].PreviousAddress == "" {
		t.Errorf("moved_block changes = %+v, want one no-op move with its previous address", moved)
	}
	imported := Changes(load(t, "identity__plan.json"))
	if len(imported) != 1 || !imported[0].Importing || imported[0].Action != Update {
		t.Errorf("identity changes = %+v, want one importing update", imported)
	}
	if got := Changes(load(t, "no_changes__plan.json")); len(got) != 0 {
		t.Errorf("no_changes lists %d changes", len(got))
	}
}

func TestSecretsFollowTheMasks(t *testing.T) {
	got := Secrets(load(t, "110_sensitive_values__plan.json"))
	// The fixture's only sensitive value is output foo's "bar", too short
	// to mask (it stays redacted in renderings); output string's "foo" is
	// not sensitive.
	if len(got) != 0 {
		t.Errorf("Secrets = %q, want none", got)
	}
}

func TestMarkedFollowsNestedMasks(t *testing.T) {
	set := map[string]bool{}
	v := map[string]any{
		"env":  map[string]any{"API_KEY": "key-12345", "LOG": "info"},
		"list": []any{"a-11111", "b-22222"},
		"all":  map[string]any{"x": "whole-1", "y": []any{"whole-2"}},
	}
	mask := map[string]any{
		"env":  map[string]any{"API_KEY": true},
		"list": []any{false, true},
		"all":  true,
	}
	marked(v, mask, set)
	for _, want := range []string{"key-12345", "b-22222", "whole-1", "whole-2"} {
		if !set[want] {
			t.Errorf("missing %q in %v", want, set)
		}
	}
	for _, not := range []string{"info", "a-11111"} {
		if set[not] {
			t.Errorf("%q is not sensitive", not)
		}
	}
}
