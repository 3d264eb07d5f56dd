// Package rollback is the traffic-rollback step: move all of a Cloud Run
// service's traffic to the last known-good revision.
package rollback

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Revision is what target selection needs of a Cloud Run revision.
type Revision struct {
	Name    string // short name, such as olympus-api-00002-abc
	Service string // short name of the service it belongs to
	Created time.Time
	Ready   bool
}

// Traffic is one entry of a service's traffic status. Revision is empty
// for a LATEST entry that has not been resolved.
type Traffic struct {
	Revision string
	Latest   bool // the entry follows the latest ready revision
	Percent  int32
	Tag      string
}

// Serving returns the revisions that receive traffic, by percent: tags
// with 0% and LATEST entries resolved through latestReady are accounted
// for, and one revision named twice is summed.
func Serving(traffic []Traffic, latestReady string) map[string]int32 {
	out := map[string]int32{}
	for _, t := range traffic {
		if t.Percent <= 0 {
			continue
		}
		name := t.Revision
		if t.Latest || name == "" {
			name = latestReady
		}
		out[name] += t.Percent
	}
	return out
}

// Choice is the outcome of target selection.
type Choice struct {
	Target string
	// From is what serves now, by percent.
	From map[string]int32
	// Changed is false when the target already has all the traffic.
	Changed bool
}

// RefusalError is a selection that must not proceed; the step exits 1.
type RefusalError struct{ msg string }

func (e *RefusalError) Error() string { return e.msg }

func refuse(format string, args ...any) error { return &RefusalError{fmt.Sprintf(format, args...)} }

// Choose picks the revision to send all traffic to. With named empty, it is
// the newest revision of the service that is older than the newest one now
// serving, Ready, and not serving now. Split traffic is refused unless
// allowSplit. A named revision must belong to the service, exist and be
// Ready.
func Choose(service string, revisions []Revision, traffic []Traffic, latestReady, named string, allowSplit bool) (Choice, error) {
	from := Serving(traffic, latestReady)
	if len(from) == 0 {
		return Choice{}, refuse("service %q serves no traffic, so there is nothing to roll back", service)
	}
	byName := map[string]Revision{}
	for _, r := range revisions {
		byName[r.Name] = r
	}
	if named != "" {
		r, ok := byName[named]
		switch {
		case !ok && !strings.HasPrefix(named, service+"-"):
			return Choice{}, refuse("revision %q does not belong to service %q", named, service)
		case !ok:
			return Choice{}, refuse("revision %q of service %q does not exist (deleted?)", named, service)
		case r.Service != service:
			return Choice{}, refuse("revision %q belongs to service %q, not %q", named, r.Service, service)
		case !r.Ready:
			return Choice{}, refuse("revision %q is not Ready; roll back to a revision that is", named)
		}
		return Choice{Target: named, From: from, Changed: !(len(from) == 1 && from[named] == 100)}, nil
	}
	if len(from) > 1 && !allowSplit {
		return Choice{}, refuse("traffic of %q is split (%s); name to-revision, or set allow-split to roll back from the newest of them", service, describe(from))
	}
	// The reference is the newest revision that serves: the suspect deploy.
	var ref Revision
	for name := range from {
		r, ok := byName[name]
		if !ok {
			return Choice{}, refuse("revision %q serves traffic but is not listed for %q; name to-revision explicitly", name, service)
		}
		if ref.Name == "" || r.Created.After(ref.Created) {
			ref = r
		}
	}
	candidates := make([]Revision, 0, len(revisions))
	for _, r := range revisions {
		if r.Service == service && r.Ready && r.Name != ref.Name && r.Created.Before(ref.Created) {
			candidates = append(candidates, r)
		}
	}
	if len(candidates) == 0 {
		return Choice{}, refuse("no Ready revision of %q is older than %q, the one serving now; there is nothing to roll back to", service, ref.Name)
	}
	sort.Slice(candidates, func(i, j int) bool { return candidates[i].Created.After(candidates[j].Created) })
	target := candidates[0].Name
	return Choice{Target: target, From: from, Changed: !(len(from) == 1 && from[target] == 100)}, nil
}

// describe renders traffic as "a 90%, b 10%", largest first.
func describe(from map[string]int32) string {
	names := make([]string, 0, len(from))
	for n := range from {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		if from[names[i]] != from[names[j]] {
			return from[names[i]] > from[names[j]]
		}
		return names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %d%%", n, from[n])
	}
	return strings.Join(parts, ", ")
}
