package cloudrun

import (
	"slices"
	"strings"
)

// RolledBackFrom is the service annotation that records the revisions
// traffic was rolled back from, newest first, comma-separated, so that a
// roll forward can tell whether the latest Ready revision is one of them.
// Rollbacks in a row accumulate: after 3 → 2 → 1 it names 2 and 3, and
// LATEST (still 3) is refused. Terraform's google provider manages only
// the annotations in its configuration, so this one causes no plan change.
const RolledBackFrom = "olympus.cloud/rolled-back-from"

// MaxRolledBackFrom bounds the record. The oldest revisions beyond it are
// dropped, and so are revisions that no longer exist: LATEST can only
// resolve to an old rolled-back-from revision again if every revision
// made after it is deleted or not Ready, and a deleted one never comes back.
const MaxRolledBackFrom = 10

// ParseRolledBackFrom reads the annotation's value: names, newest first,
// without blanks or repeats.
func ParseRolledBackFrom(v string) []string {
	var out []string
	for _, name := range strings.Split(v, ",") {
		if name = strings.TrimSpace(name); name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// FormatRolledBackFrom is the annotation's value for names.
func FormatRolledBackFrom(names []string) string { return strings.Join(names, ",") }

// rolledBackFromAfter is the record once traffic moved from what serves
// now to target: the record so far and the revisions that lose their
// traffic, without target (sending traffic to a revision is saying it is
// good), without revisions that no longer exist, newest first, at most
// MaxRolledBackFrom.
func rolledBackFromAfter(s State, from map[string]int32, target string) []string {
	byName := byName(s.Revisions)
	var out []Revision
	add := func(name string) {
		r, ok := byName[name]
		if ok && name != target && !slices.ContainsFunc(out, func(o Revision) bool { return o.Name == name }) {
			out = append(out, r)
		}
	}
	for _, name := range s.RolledBackFrom {
		add(name)
	}
	for name := range from {
		add(name)
	}
	slices.SortStableFunc(out, func(a, b Revision) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	names := make([]string, 0, len(out))
	for _, r := range out[:min(len(out), MaxRolledBackFrom)] {
		names = append(names, r.Name)
	}
	return names
}
