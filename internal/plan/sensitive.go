package plan

import (
	"encoding/json"
	"fmt"
	"sort"

	tfjson "github.com/hashicorp/terraform-json"
)

// SensitiveValues returns every value the plan marks sensitive: resource
// attributes under before_sensitive/after_sensitive or under a SecretName,
// sensitive outputs and sensitive variables. Steps mask them all before printing anything, so that
// even a value that escapes redaction elsewhere is hidden by the runner.
func SensitiveValues(p *tfjson.Plan) []string {
	set := map[string]bool{}
	add := func(v any, mask any) { collect(v, mask, set) }
	for _, list := range [][]*tfjson.ResourceChange{p.ResourceChanges, p.ResourceDrift} {
		for _, rc := range list {
			if rc.Change == nil {
				continue
			}
			add(rc.Change.Before, rc.Change.BeforeSensitive)
			add(rc.Change.After, rc.Change.AfterSensitive)
			secretLeaves(rc.Change.Before, nil, set)
			secretLeaves(rc.Change.After, nil, set)
		}
	}
	for _, oc := range p.OutputChanges {
		add(oc.Before, oc.BeforeSensitive)
		add(oc.After, oc.AfterSensitive)
	}
	for _, vals := range []*tfjson.StateValues{p.PlannedValues, stateValues(p.PriorState)} {
		if vals == nil {
			continue
		}
		for _, o := range vals.Outputs {
			if o.Sensitive {
				add(o.Value, true)
			}
		}
	}
	if p.Config != nil && p.Config.RootModule != nil {
		for name, v := range p.Config.RootModule.Variables {
			if pv, ok := p.Variables[name]; ok && v.Sensitive && pv != nil {
				add(pv.Value, true)
			}
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func stateValues(s *tfjson.State) *tfjson.StateValues {
	if s == nil {
		return nil
	}
	return s.Values
}

// collect adds the scalar leaves of v that mask marks sensitive. A mask of
// true covers the whole subtree; a map or list mask follows v's shape.
func collect(v any, mask any, set map[string]bool) {
	if v == nil {
		return
	}
	if b, ok := mask.(bool); ok && b {
		leaves(v, set)
		return
	}
	switch m := mask.(type) {
	case map[string]any:
		if obj, ok := v.(map[string]any); ok {
			for k, sub := range m {
				collect(obj[k], sub, set)
			}
		}
	case []any:
		if list, ok := v.([]any); ok {
			for i, sub := range m {
				if i < len(list) {
					collect(list[i], sub, set)
				}
			}
		}
	}
}

// leaves adds every scalar under v, as the text a printer would show.
func leaves(v any, set map[string]bool) {
	switch x := v.(type) {
	case nil:
	case string:
		set[x] = true
	case map[string]any:
		for _, sub := range x {
			leaves(sub, set)
		}
	case []any:
		for _, sub := range x {
			leaves(sub, set)
		}
	case json.Number:
		set[x.String()] = true
	default:
		set[fmt.Sprint(x)] = true
	}
}
