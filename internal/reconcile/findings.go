package reconcile

import (
	"reflect"
	"sort"
	"strconv"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/codify"
	"github.com/olympus-cloud/deploy-actions/internal/plan"
)

// Findings are what one environment's detection found.
type Findings struct {
	// Resources changed or deleted outside Terraform: code drift, to
	// codify or to revert.
	Resources []ResourceDrift
	// Pinned are Cloud Run services whose traffic a rollback pinned to an
	// older revision: operational drift, neither codified nor reverted.
	Pinned []plan.Pinned
	// Apply is what applying the code would do now (the normal plan).
	Apply plan.Counts
}

// Drifted reports whether anything differs from the code.
func (f Findings) Drifted() bool { return len(f.Resources) > 0 || len(f.Pinned) > 0 }

// Count is how many resources drifted, each once.
func (f Findings) Count() int {
	seen := map[string]bool{}
	for _, r := range f.Resources {
		seen[r.Address] = true
	}
	for _, p := range f.Pinned {
		seen[p.Address] = true
	}
	return len(seen)
}

// Keys identify what drifted, to tell whether the set changed between two
// runs: "address changed", "address deleted", "address pinned".
func (f Findings) Keys() []string {
	var out []string
	for _, r := range f.Resources {
		kind := "changed"
		if r.Deleted {
			kind = "deleted"
		}
		out = append(out, r.Address+" "+kind)
	}
	for _, p := range f.Pinned {
		out = append(out, p.Address+" pinned")
	}
	sort.Strings(out)
	return out
}

// ResourceDrift is one resource changed or deleted outside Terraform.
type ResourceDrift struct {
	Address, Type string
	Deleted       bool
	Attrs         []AttrDrift
	// Computed counts the changed attributes that only the provider sets
	// (an etag, an update time): consequences, not shown.
	Computed int
	// Revert is what applying the code would do to the resource.
	Revert plan.Action
	// Hint locates the resource's block (for a deleted resource, the
	// removal to keep the deletion).
	Hint codify.Location
}

// AttrDrift is one attribute changed outside Terraform.
type AttrDrift struct {
	Path []string
	// Before is the value Terraform last applied, After the one found.
	Before, After any
	// Secret values (marked sensitive, or under a secret's name) are never
	// shown, and are codified through Secret Manager.
	Secret bool
	// Hidden values (container env values, which may be secrets) are not
	// shown either.
	Hidden bool
	Hint   codify.Location
}

// Locator finds where the code sets an attribute; codify.Config is one.
type Locator interface {
	Locate(address string, path []string) codify.Location
	Ignored(address string, path []string) bool
}

// Schema tells attributes that only the provider sets (computed, neither
// required nor optional); a nil Schema knows none.
type Schema interface {
	ComputedOnly(resourceType string, path []string) bool
}

// Analyze reads one environment's drift: refresh is its refresh-only plan,
// normal the plan of the code against reality (what a revert applies).
// Attributes that only the provider sets, that lifecycle.ignore_changes
// leaves to others, or that are the traffic of a Cloud Run service are not
// code drift; a service's pinned traffic is reported as operational drift.
func Analyze(refresh, normal *tfjson.Plan, schema Schema, loc Locator) Findings {
	var f Findings
	planned := map[string]*tfjson.ResourceChange{}
	if normal != nil {
		for _, rc := range normal.ResourceChanges {
			if rc != nil && rc.Change != nil {
				planned[rc.Address] = rc
			}
		}
		f.Apply = plan.Count(normal)
	}
	for _, rc := range refresh.ResourceDrift {
		if rc == nil || rc.Change == nil || rc.Mode == tfjson.DataResourceMode {
			continue
		}
		r := ResourceDrift{Address: rc.Address, Type: rc.Type, Revert: plan.NoOp}
		next := planned[rc.Address]
		if next != nil {
			r.Revert = plan.ActionOf(next.Change.Actions)
		}
		if rc.Change.Actions.Delete() || (rc.Change.After == nil && rc.Change.Before != nil) {
			// Codified when the code no longer has it either.
			if r.Revert != plan.NoOp {
				r.Deleted = true
				r.Hint = loc.Locate(rc.Address, nil)
				f.Resources = append(f.Resources, r)
			}
			continue
		}
		for _, l := range leaves(rc.Change) {
			switch {
			case Operational(rc.Type, l.Path):
			case loc.Ignored(rc.Address, l.Path):
			case schema != nil && schema.ComputedOnly(rc.Type, l.Path):
				r.Computed++
			default:
				l.Hint = loc.Locate(rc.Address, l.Path)
				// The state is only refreshed by the next apply: a change
				// that the code already says (the plan leaves it) is
				// codified, unless the code does not set it at all.
				if plannedAt(next, l.Path) || l.Hint.Kind == codify.NotSet {
					r.Attrs = append(r.Attrs, l)
				}
			}
		}
		if len(r.Attrs) > 0 {
			f.Resources = append(f.Resources, r)
		}
	}
	f.Pinned = plan.PinnedTraffic(refresh)
	return f
}

// plannedAt reports whether the plan changes the attribute at path: the
// code says something else than what was found.
func plannedAt(rc *tfjson.ResourceChange, path []string) bool {
	if rc == nil || rc.Change == nil {
		return false
	}
	if unknownAt(rc.Change.AfterUnknown, path) {
		return true
	}
	return !reflect.DeepEqual(at(rc.Change.Before, path), at(rc.Change.After, path))
}

// at returns the value at path, or nil.
func at(v any, path []string) any {
	for _, p := range path {
		switch x := v.(type) {
		case map[string]any:
			v = x[p]
		case []any:
			i, err := strconv.Atoi(p)
			if err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// unknownAt reports whether an after_unknown mask marks path or above.
func unknownAt(mask any, path []string) bool {
	for _, p := range path {
		if plan.IsTrue(mask) {
			return true
		}
		mask = child(mask, p)
	}
	return plan.IsTrue(mask)
}

// Operational reports whether the attribute at path of a resource of this
// type is operated outside Terraform by design: a Cloud Run service's
// traffic (moved by deploys and rollbacks) and what follows from it.
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

// leaves lists the leaf attributes that differ between a change's before
// and after, with their raw values and whether they may be shown.
func leaves(c *tfjson.Change) []AttrDrift {
	var out []AttrDrift
	var walk func(before, after, bs, as any, path []string)
	walk = func(before, after, bs, as any, path []string) {
		bm, bIsMap := before.(map[string]any)
		am, aIsMap := after.(map[string]any)
		if (bIsMap || before == nil) && (aIsMap || after == nil) && (bIsMap || aIsMap) && !plan.IsTrue(bs) && !plan.IsTrue(as) {
			keys := map[string]bool{}
			for k := range bm {
				keys[k] = true
			}
			for k := range am {
				keys[k] = true
			}
			sorted := make([]string, 0, len(keys))
			for k := range keys {
				sorted = append(sorted, k)
			}
			sort.Strings(sorted)
			for _, k := range sorted {
				walk(bm[k], am[k], child(bs, k), child(as, k), append(append([]string(nil), path...), k))
			}
			return
		}
		bl, bIsList := before.([]any)
		al, aIsList := after.([]any)
		if (bIsList || before == nil) && (aIsList || after == nil) && (bIsList || aIsList) && !plan.IsTrue(bs) && !plan.IsTrue(as) {
			for i := 0; i < max(len(bl), len(al)); i++ {
				k := strconv.Itoa(i)
				walk(index(bl, i), index(al, i), child(bs, k), child(as, k), append(append([]string(nil), path...), k))
			}
			return
		}
		if reflect.DeepEqual(before, after) {
			return
		}
		secret := plan.AnyTrue(bs) || plan.AnyTrue(as) || plan.SecretName(path)
		out = append(out, AttrDrift{Path: path, Before: before, After: after, Secret: secret,
			Hidden: !secret && plan.SecretPath(path)})
	}
	walk(c.Before, c.After, c.BeforeSensitive, c.AfterSensitive, nil)
	return out
}

// child descends a sensitivity mask by a key or an index: true stays true
// for the whole subtree.
func child(mask any, k string) any {
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

func index(l []any, i int) any {
	if i < len(l) {
		return l[i]
	}
	return nil
}
