package policy

import (
	"reflect"
	"sort"
	"strconv"

	tfjson "github.com/hashicorp/terraform-json"
)

// Leaf is one attribute a change changes, with its raw values.
type Leaf struct {
	Path          []string
	Before, After any
	// Sensitive is true when terraform marks the value sensitive before
	// or after.
	Sensitive bool
}

// Leaves lists the leaf attributes that differ between a change's before
// and after, in path order: map keys and list indexes are descended, a
// value marked sensitive as a whole is one leaf.
func Leaves(c *tfjson.Change) []Leaf {
	if c == nil {
		return nil
	}
	var out []Leaf
	var walk func(before, after, bs, as any, path []string)
	walk = func(before, after, bs, as any, path []string) {
		bm, bIsMap := before.(map[string]any)
		am, aIsMap := after.(map[string]any)
		whole := isTrue(bs) || isTrue(as)
		if (bIsMap || before == nil) && (aIsMap || after == nil) && (bIsMap || aIsMap) && !whole {
			keys := make([]string, 0, len(bm)+len(am))
			for k := range bm {
				keys = append(keys, k)
			}
			for k := range am {
				if _, ok := bm[k]; !ok {
					keys = append(keys, k)
				}
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(bm[k], am[k], maskChild(bs, k), maskChild(as, k), append(append([]string(nil), path...), k))
			}
			return
		}
		bl, bIsList := before.([]any)
		al, aIsList := after.([]any)
		if (bIsList || before == nil) && (aIsList || after == nil) && (bIsList || aIsList) && !whole {
			for i := 0; i < max(len(bl), len(al)); i++ {
				k := strconv.Itoa(i)
				walk(at(bl, []string{k}), at(al, []string{k}), maskChild(bs, k), maskChild(as, k), append(append([]string(nil), path...), k))
			}
			return
		}
		if reflect.DeepEqual(before, after) {
			return
		}
		// AnyUnknown reads any mask: here the sensitivity ones.
		out = append(out, Leaf{Path: path, Before: before, After: after, Sensitive: AnyUnknown(bs) || AnyUnknown(as)})
	}
	walk(c.Before, c.After, c.BeforeSensitive, c.AfterSensitive, nil)
	return out
}

// Operational reports whether the attribute at path of a resource of this
// type is operated outside Terraform by design: a Cloud Run service's
// traffic, moved by deploys and rollbacks, and what follows from it (the
// rollback's own annotation). Its change is never a change to revert.
func Operational(resourceType string, path []string) bool {
	if len(path) == 0 {
		return false
	}
	switch resourceType {
	case "google_cloud_run_v2_service":
		switch path[0] {
		case "traffic", "traffic_statuses", "latest_ready_revision", "latest_created_revision":
			return true
		case "annotations", "effective_annotations":
			return len(path) > 1 && path[1] == "olympus.cloud/rolled-back-from"
		}
	case "localcloud_service":
		return path[0] == "traffic" || path[0] == "revision"
	}
	return false
}

// PlannedAt reports whether a planned change changes the attribute at
// path: the configuration says something else than what is there.
func PlannedAt(rc *tfjson.ResourceChange, path []string) bool {
	if rc == nil || rc.Change == nil {
		return false
	}
	mask := rc.Change.AfterUnknown
	for _, p := range path {
		if isTrue(mask) {
			return true
		}
		mask = maskChild(mask, p)
	}
	if isTrue(mask) {
		return true
	}
	return !reflect.DeepEqual(at(rc.Change.Before, path), at(rc.Change.After, path))
}

// Reverting lists the resources that changed outside Terraform and that
// applying the plan would change back: a drifted attribute the plan
// changes again, or a resource deleted by hand that it creates again.
// Drift the configuration already says (codified, with the state not yet
// refreshed) and operational drift (a rollback's pinned traffic) are not
// reverted by an apply, and are left out.
func Reverting(p *tfjson.Plan) []string {
	planned := map[string]*tfjson.ResourceChange{}
	for _, rc := range p.ResourceChanges {
		if rc != nil && rc.Change != nil {
			planned[rc.Address] = rc
		}
	}
	var out []string
	for _, rc := range Drifted(p) {
		next := planned[rc.Address]
		if next == nil || ActionOf(next.Change.Actions) == NoOp {
			continue
		}
		if rc.Change.After == nil {
			out = append(out, rc.Address)
			continue
		}
		for _, l := range Leaves(rc.Change) {
			if !Operational(rc.Type, l.Path) && PlannedAt(next, l.Path) {
				out = append(out, rc.Address)
				break
			}
		}
	}
	return out
}

func isTrue(v any) bool { b, ok := v.(bool); return ok && b }

// maskChild descends a mask by a key or an index: true stays true for
// the whole subtree.
func maskChild(mask any, k string) any {
	switch m := mask.(type) {
	case bool:
		return m
	case map[string]any:
		return m[k]
	case []any:
		if i, err := strconv.Atoi(k); err == nil && i < len(m) {
			return m[i]
		}
	}
	return nil
}

// at returns the value at path, or nil.
func at(v any, path []string) any {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}
