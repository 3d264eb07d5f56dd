// Package cloudrun moves all of a Cloud Run service's traffic to one
// revision through the Cloud Run Admin API v2: the pure choice of the
// target (a rollback or a roll forward) under table tests, the record of
// the revisions traffic was rolled back from, and the move itself (sent
// with the service's etag, waited for until it serves, and what became of
// it when it could not be confirmed). traffic-rollback uses it; it is out
// of the step so that deploy can roll traffic back after a failed check
// through the same code (a step never imports another).
package cloudrun

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
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

// State is a service as the choice sees it, read at one moment.
type State struct {
	Service     string // short name
	Revisions   []Revision
	Traffic     []Traffic
	LatestReady string // short name, "" without a Ready revision
	// RolledBackFrom is the service's record of the revisions traffic was
	// rolled back from, newest first (the RolledBackFrom annotation).
	RolledBackFrom []string
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

// Latest is the to-revision that rolls forward: all traffic follows the
// latest Ready revision again, as it did before a rollback pinned it.
const Latest = "LATEST"

// Which rule chose the target: the chosen-by output.
const (
	ByName        = "to-revision"  // the revision was named
	ByKnownGood   = "known-good"   // recorded by the last verified deployment
	ByNewestOlder = "newest-older" // the newest Ready revision older than the serving one
	ByLatest      = "latest"       // a roll forward
)

// KnownGood is the revision the last verified deployment of the
// environment recorded serving for the service.
type KnownGood struct {
	// Revision is its short name; "" when none was found.
	Revision string
	// Source says where it was recorded, for the record: the deployment.
	Source string
	// Missing says why there is none, when Revision is "".
	Missing string
}

// Choice is the outcome of target selection.
type Choice struct {
	// Target is the revision that gets all traffic; for a roll forward, the
	// latest Ready revision now.
	Target string
	// Latest: the traffic goes to a LATEST target, which follows the
	// latest Ready revision, Target now and later ones after it.
	Latest bool
	// From is what serves now, by percent.
	From map[string]int32
	// Changed is false when the target already has all the traffic.
	Changed bool
	// ChosenBy is the rule that chose Target (ByName, ByKnownGood,
	// ByNewestOlder, ByLatest).
	ChosenBy string
	// Note explains the choice when there is more to say: where the
	// known-good revision was recorded, why it was not used, that a named
	// revision is one traffic was rolled back from.
	Note string
	// RolledBackFrom is the service's record once the traffic moved: the
	// revisions it was rolled back from, newest first; empty after a roll
	// forward.
	RolledBackFrom []string
}

// refuse is a selection that must not proceed: a verdict, the step exits 1.
func refuse(format string, args ...any) error { return fault.Refusef(format, args...) }

// ChooseFor selects the target for to: a roll forward for LATEST (any
// case), else a rollback to the named revision, or, with to empty, to
// the known-good one or the newest older one.
func ChooseFor(s State, to string, known KnownGood, allowSplit bool) (Choice, error) {
	if s.LatestReady == "." || s.LatestReady == "/" {
		s.LatestReady = "" // path.Base of an empty name
	}
	if strings.EqualFold(to, Latest) {
		return ChooseLatest(s, allowSplit)
	}
	return Choose(s, to, known, allowSplit)
}

// ChooseLatest checks a roll forward: traffic that a rollback pinned goes
// back to following the latest Ready revision. It is refused when that
// revision is one traffic was rolled back from (named by the service's
// RolledBackFrom record, or, without one, when no Ready revision was made
// after the serving one but the latest): rolling forward would bring a bad
// revision back. Split traffic is refused unless allowSplit, as for a
// rollback. A roll forward clears the record.
func ChooseLatest(s State, allowSplit bool) (Choice, error) {
	service, latestReady := s.Service, s.LatestReady
	from := Serving(s.Traffic, latestReady)
	if latestReady == "" {
		return Choice{}, refuse("service %q has no Ready revision to roll forward to", service)
	}
	c := Choice{Target: latestReady, Latest: true, From: from, ChosenBy: ByLatest}
	c.Changed = !(len(s.Traffic) == 1 && s.Traffic[0].Latest && s.Traffic[0].Percent == 100)
	if !c.Changed {
		return c, nil
	}
	if len(from) > 1 && !allowSplit {
		return Choice{}, refuse("traffic of %q is split (%s); set allow-split to send it all to the latest Ready revision", service, Describe(from))
	}
	byName := byName(s.Revisions)
	latest, ok := byName[latestReady]
	if !ok || latest.Service != service || !latest.Ready {
		return Choice{}, refuse("the latest Ready revision %q of %q is not listed as Ready; name to-revision explicitly", latestReady, service)
	}
	advice := fmt.Sprintf("deploy a fixed revision first, then roll forward again; to send traffic to %q anyway, name it: to-revision %s", latestReady, latestReady)
	if len(s.RolledBackFrom) > 0 {
		if slices.Contains(s.RolledBackFrom, latestReady) {
			record := ""
			if len(s.RolledBackFrom) > 1 {
				record = fmt.Sprintf(" (the service records rollbacks from, newest first: %s)", strings.Join(s.RolledBackFrom, ", "))
			}
			return Choice{}, refuse("the latest Ready revision %q is the one traffic was rolled back from%s, and no revision was deployed since; %s",
				latestReady, record, advice)
		}
		return c, nil
	}
	if from[latestReady] > 0 {
		return c, nil
	}
	// No record of the rollback: the latest Ready revision is suspect when
	// it is the first Ready one after what serves now, which is exactly
	// what a rollback from it leaves behind.
	var newest Revision
	for name := range from {
		if r, ok := byName[name]; ok && r.Created.After(newest.Created) {
			newest = r
		}
	}
	for _, r := range s.Revisions {
		if r.Service == service && r.Ready && r.Name != latestReady && r.Created.After(newest.Created) && r.Created.Before(latest.Created) {
			return c, nil
		}
	}
	return Choice{}, refuse("the latest Ready revision %q is probably the one traffic was rolled back from: it is the first Ready revision after %q, which serves now, and the service has no %s annotation to say otherwise; %s",
		latestReady, newest.Name, RolledBackFrom, advice)
}

// Choose picks the revision to send all traffic to. A named revision must
// belong to the service, exist and be Ready; it is taken even when
// traffic was rolled back from it before (naming it is the way to say it
// is good after all). With named empty, it is the known-good revision when
// it still exists, is Ready, does not serve all traffic now and traffic
// was not rolled back from it; else the newest revision of the service
// that is older than the newest one now serving, Ready, not serving now
// and not one traffic was rolled back from. Split traffic is refused
// unless allowSplit.
func Choose(s State, named string, known KnownGood, allowSplit bool) (Choice, error) {
	service := s.Service
	from := Serving(s.Traffic, s.LatestReady)
	if len(from) == 0 {
		return Choice{}, refuse("service %q serves no traffic, so there is nothing to roll back", service)
	}
	byName := byName(s.Revisions)
	done := func(c Choice) (Choice, error) {
		c.From = from
		c.Changed = !(len(from) == 1 && from[c.Target] == 100)
		c.RolledBackFrom = rolledBackFromAfter(s, from, c.Target)
		return c, nil
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
		c := Choice{Target: named, ChosenBy: ByName}
		if slices.Contains(s.RolledBackFrom, named) {
			c.Note = fmt.Sprintf("traffic was rolled back from %q before; named, it is taken off the service's rolled-back-from record", named)
		}
		return done(c)
	}
	if len(from) > 1 && !allowSplit {
		return Choice{}, refuse("traffic of %q is split (%s); name to-revision, or set allow-split to roll back from the newest of them", service, Describe(from))
	}
	var note string
	if known.Revision != "" {
		why := knownGoodFault(s, from, byName, known.Revision)
		if why == "" {
			return done(Choice{Target: known.Revision, ChosenBy: ByKnownGood, Note: "recorded by " + known.Source})
		}
		note = fmt.Sprintf("the known-good revision %q recorded by %s %s", known.Revision, known.Source, why)
	} else {
		note = known.Missing
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
	candidates := make([]Revision, 0, len(s.Revisions))
	for _, r := range s.Revisions {
		if r.Service == service && r.Ready && r.Name != ref.Name && r.Created.Before(ref.Created) && !slices.Contains(s.RolledBackFrom, r.Name) {
			candidates = append(candidates, r)
		}
	}
	if len(candidates) == 0 {
		msg := fmt.Sprintf("no Ready revision of %q is older than %q, the one serving now", service, ref.Name)
		if len(s.RolledBackFrom) > 0 {
			msg += fmt.Sprintf(", other than those traffic was rolled back from (%s)", strings.Join(s.RolledBackFrom, ", "))
		}
		if note != "" {
			msg += "; " + note
		}
		return Choice{}, refuse("%s; there is nothing to roll back to", msg)
	}
	sort.Slice(candidates, func(i, j int) bool { return candidates[i].Created.After(candidates[j].Created) })
	return done(Choice{Target: candidates[0].Name, ChosenBy: ByNewestOlder, Note: note})
}

// knownGoodFault says why the known-good revision cannot be the target,
// "" when it can.
func knownGoodFault(s State, from map[string]int32, byName map[string]Revision, name string) string {
	r, ok := byName[name]
	switch {
	case !ok:
		return "no longer exists"
	case r.Service != s.Service:
		return fmt.Sprintf("belongs to service %q", r.Service)
	case !r.Ready:
		return "is not Ready"
	case len(from) == 1 && from[name] == 100:
		return "serves all traffic now, so it is the one being rolled back from"
	case slices.Contains(s.RolledBackFrom, name):
		return "is one traffic was rolled back from since"
	}
	return ""
}

func byName(revisions []Revision) map[string]Revision {
	out := make(map[string]Revision, len(revisions))
	for _, r := range revisions {
		out[r.Name] = r
	}
	return out
}

// Describe renders traffic as "a 90%, b 10%", largest first.
func Describe(from map[string]int32) string {
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

// After renders where the traffic goes: "`rev` 100%", or for a roll forward
// "LATEST (now `rev`) 100%".
func (c Choice) After() string {
	if c.Latest {
		return fmt.Sprintf("LATEST (now `%s`) 100%%", c.Target)
	}
	return fmt.Sprintf("`%s` 100%%", c.Target)
}

// Heading names the change: "Traffic rollback" or "Traffic roll forward".
func (c Choice) Heading() string {
	if c.Latest {
		return "Traffic roll forward"
	}
	return "Traffic rollback"
}

// Title is the record's title: "Traffic rollback: api to rev" or
// "Traffic roll forward: api to LATEST (rev)".
func (c Choice) Title(service string) string {
	if c.Latest {
		return fmt.Sprintf("%s: %s to LATEST (%s)", c.Heading(), service, c.Target)
	}
	return fmt.Sprintf("%s: %s to %s", c.Heading(), service, c.Target)
}

// Verb is what the change does: "rolled back" or "rolled forward".
func (c Choice) Verb() string {
	if c.Latest {
		return "rolled forward"
	}
	return "rolled back"
}

// Done is the outcome once the traffic moved.
func (c Choice) Done() string {
	if c.Latest {
		return c.Verb() + ": traffic follows the latest Ready revision"
	}
	return c.Verb()
}

// Rule says in words which rule chose the target, for the record.
func (c Choice) Rule() string {
	switch c.ChosenBy {
	case ByName:
		return "named (to-revision)"
	case ByKnownGood:
		return "the known-good revision of the last verified deployment"
	case ByNewestOlder:
		return "the newest Ready revision older than the one serving"
	case ByLatest:
		return "the latest Ready revision (roll forward)"
	}
	return c.ChosenBy
}
