package reconcile

import (
	"sort"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/steps/reconcile/codify"
)

// Findings are what one environment's detection found.
type Findings struct {
	// Resources changed or deleted outside Terraform: code drift, to
	// codify or to revert.
	Resources []ResourceDrift
	// Pinned are Cloud Run services whose traffic a rollback pinned to an
	// older revision: operational drift, neither codified nor reverted.
	Pinned []policy.Pinned
	// Apply is what applying the code would do now (the normal plan).
	Apply policy.Counts
	// Codified counts the attributes changed outside Terraform that the
	// code already says: the state records them at the next apply.
	Codified int
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
	Revert policy.Action
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
		f.Apply = policy.Count(normal)
	}
	for _, rc := range policy.Drifted(refresh) {
		r := ResourceDrift{Address: rc.Address, Type: rc.Type, Revert: policy.NoOp}
		next := planned[rc.Address]
		if next != nil {
			r.Revert = policy.ActionOf(next.Change.Actions)
		}
		if rc.Change.Actions.Delete() || (rc.Change.After == nil && rc.Change.Before != nil) {
			// Codified when the code no longer has it either.
			if r.Revert == policy.NoOp {
				f.Codified++
			} else {
				r.Deleted = true
				r.Hint = loc.Locate(rc.Address, nil)
				f.Resources = append(f.Resources, r)
			}
			continue
		}
		for _, l := range leaves(rc.Change) {
			switch {
			case policy.Operational(rc.Type, l.Path):
			case loc.Ignored(rc.Address, l.Path):
			case schema != nil && schema.ComputedOnly(rc.Type, l.Path):
				r.Computed++
			default:
				l.Hint = loc.Locate(rc.Address, l.Path)
				// Set through a sensitive or secret-named variable: a
				// secret everywhere it is shown, not only in the hint.
				l.Secret = l.Secret || l.Hint.Secret
				// The state is only refreshed by the next apply: a change
				// that the code already says (the plan leaves it) is
				// codified, unless the code does not set it at all.
				if policy.PlannedAt(next, l.Path) || l.Hint.Kind == codify.NotSet {
					r.Attrs = append(r.Attrs, l)
				} else {
					f.Codified++
				}
			}
		}
		if len(r.Attrs) > 0 {
			f.Resources = append(f.Resources, r)
		}
	}
	f.Pinned = policy.PinnedTraffic(refresh)
	return f
}

// leaves lists a drift's changed attributes with whether they may be
// shown.
func leaves(c *tfjson.Change) []AttrDrift {
	var out []AttrDrift
	for _, l := range policy.Leaves(c) {
		secret := l.Sensitive || policy.SecretName(l.Path)
		out = append(out, AttrDrift{Path: l.Path, Before: l.Before, After: l.After, Secret: secret, Hidden: !secret && policy.SecretPath(l.Path)})
	}
	return out
}
