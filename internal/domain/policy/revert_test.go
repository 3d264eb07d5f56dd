package policy

import (
	"slices"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

func rc(addr, typ string, actions tfjson.Actions, before, after any) *tfjson.ResourceChange {
	return &tfjson.ResourceChange{Address: addr, Type: typ, Mode: tfjson.ManagedResourceMode,
		Change: &tfjson.Change{Actions: actions, Before: before, After: after}}
}

var (
	update = tfjson.Actions{tfjson.ActionUpdate}
	noop   = tfjson.Actions{tfjson.ActionNoop}
)

// Only drift that an apply would change back counts: not drift the code
// already says (codified, state not yet refreshed), not a rollback's
// pinned traffic.
func TestReverting(t *testing.T) {
	p := &tfjson.Plan{
		ResourceDrift: []*tfjson.ResourceChange{
			rc("db.reverted", "localcloud_sql_instance", update, map[string]any{"tier": "small"}, map[string]any{"tier": "big"}),
			rc("db.codified", "localcloud_sql_instance", update, map[string]any{"tier": "small"}, map[string]any{"tier": "big"}),
			rc("svc.pinned", "localcloud_service", update,
				map[string]any{"image": "v2", "traffic": []any{map[string]any{"revision": "r2"}}},
				map[string]any{"image": "v2", "traffic": []any{map[string]any{"revision": "r1"}}}),
			rc("svc.deleted", "localcloud_service", tfjson.Actions{tfjson.ActionDelete}, map[string]any{"image": "v2"}, nil),
			rc("svc.other", "localcloud_service", update, map[string]any{"image": "v2", "env": map[string]any{"A": "1"}}, map[string]any{"image": "v2", "env": map[string]any{"A": "2"}}),
			nil,
		},
		ResourceChanges: []*tfjson.ResourceChange{
			rc("db.reverted", "localcloud_sql_instance", update, map[string]any{"tier": "big"}, map[string]any{"tier": "small"}),
			rc("db.codified", "localcloud_sql_instance", noop, map[string]any{"tier": "big"}, map[string]any{"tier": "big"}),
			// The service changes for another reason (its image): the
			// pinned traffic is still not reverted.
			rc("svc.pinned", "localcloud_service", update,
				map[string]any{"image": "v2", "traffic": []any{map[string]any{"revision": "r1"}}},
				map[string]any{"image": "v3", "traffic": []any{map[string]any{"revision": "r1"}}}),
			rc("svc.deleted", "localcloud_service", tfjson.Actions{tfjson.ActionCreate}, nil, map[string]any{"image": "v2"}),
			// Changes the image, not the drifted env value.
			rc("svc.other", "localcloud_service", update, map[string]any{"image": "v2", "env": map[string]any{"A": "2"}}, map[string]any{"image": "v3", "env": map[string]any{"A": "2"}}),
		},
	}
	got := Reverting(p)
	if want := []string{"db.reverted", "svc.deleted"}; !slices.Equal(got, want) {
		t.Errorf("Reverting = %v, want %v", got, want)
	}
}

func TestLeavesFollowMasks(t *testing.T) {
	c := &tfjson.Change{
		Before:          map[string]any{"env": map[string]any{"K": "a", "L": "x"}, "list": []any{"1", "2"}, "whole": map[string]any{"a": "1"}},
		After:           map[string]any{"env": map[string]any{"K": "b", "L": "x"}, "list": []any{"1"}, "whole": map[string]any{"a": "2"}},
		BeforeSensitive: map[string]any{"env": map[string]any{"K": true}, "whole": true},
	}
	var got []string
	for _, l := range Leaves(c) {
		s := ""
		for i, p := range l.Path {
			if i > 0 {
				s += "."
			}
			s += p
		}
		if l.Sensitive {
			s += " sensitive"
		}
		got = append(got, s)
	}
	if want := []string{"env.K sensitive", "list.1", "whole sensitive"}; !slices.Equal(got, want) {
		t.Errorf("Leaves = %v, want %v", got, want)
	}
}
