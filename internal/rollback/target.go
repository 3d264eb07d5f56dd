// Package rollback is the traffic-rollback step: move all of a Cloud Run
// service's traffic to the last known-good revision.
package rollback

import (
	"fmt"

	"sort"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/policy"
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

// Latest is the to-revision that rolls forward: all traffic follows the
// latest Ready revision again, as it did before a rollback pinned it.
const Latest = "LATEST"

// RolledBackFrom is the service annotation a rollback leaves naming the
// revisions it moved traffic away from, so that a roll forward can tell
// whether the latest Ready revision is still one of them. Terraform's
// google provider manages only the annotations in its configuration, so
// this one causes no plan change.
const RolledBackFrom = "olympus.cloud/rolled-back-from"

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
}

// Move is the traffic change a Choice sends to Cloud Run.
type Move struct {
	// Revision gets 100%; ignored when Latest.
	Revision string
	Latest   bool
	// Annotations are the service's annotations to write with the traffic:
	// a rollback records RolledBackFrom, a roll forward removes it.
	Annotations map[string]string
}

// MoveFor builds the traffic change of c on a service whose annotations
// are current.
func MoveFor(c Choice, current map[string]string) Move {
	ann := make(map[string]string, len(current)+1)
	for k, v := range current {
		ann[k] = v
	}
	if c.Latest {
		delete(ann, RolledBackFrom)
	} else {
		var from []string
		for name := range c.From {
			if name != c.Target {
				from = append(from, name)
			}
		}
		sort.Strings(from)
		if len(from) > 0 {
			ann[RolledBackFrom] = strings.Join(from, ",")
		}
	}
	return Move{Revision: c.Target, Latest: c.Latest, Annotations: ann}
}

// After renders where the traffic goes: "`rev` 100%", or for a roll forward
// "LATEST (now `rev`) 100%".
func (c Choice) After() string {
	if c.Latest {
		return fmt.Sprintf("LATEST (now `%s`) 100%%", c.Target)
	}
	return fmt.Sprintf("`%s` 100%%", c.Target)
}

// ChooseLatest checks a roll forward: traffic that a rollback pinned goes
// back to following the latest Ready revision. It is refused when that
// revision is the one traffic was rolled back from (named by the
// RolledBackFrom annotation, or, without it, when no Ready revision was
// made after the serving one but the latest): rolling forward would bring
// the bad revision back. Split traffic is refused unless allowSplit, as for
// a rollback.
func ChooseLatest(service string, revisions []Revision, traffic []Traffic, latestReady, rolledBackFrom string, allowSplit bool) (Choice, error) {
	from := Serving(traffic, latestReady)
	if latestReady == "" {
		return Choice{}, refuse("service %q has no Ready revision to roll forward to", service)
	}
	c := Choice{Target: latestReady, Latest: true, From: from}
	c.Changed = !(len(traffic) == 1 && traffic[0].Latest && traffic[0].Percent == 100)
	if !c.Changed {
		return c, nil
	}
	if len(from) > 1 && !allowSplit {
		return Choice{}, refuse("traffic of %q is split (%s); set allow-split to send it all to the latest Ready revision", service, describe(from))
	}
	byName := map[string]Revision{}
	for _, r := range revisions {
		byName[r.Name] = r
	}
	latest, ok := byName[latestReady]
	if !ok || latest.Service != service || !latest.Ready {
		return Choice{}, refuse("the latest Ready revision %q of %q is not listed as Ready; name to-revision explicitly", latestReady, service)
	}
	advice := fmt.Sprintf("deploy a fixed revision first, then roll forward again; to send traffic to %q anyway, name it: to-revision %s", latestReady, latestReady)
	if rolledBackFrom != "" {
		for _, name := range strings.Split(rolledBackFrom, ",") {
			if strings.TrimSpace(name) == latestReady {
				return Choice{}, refuse("the latest Ready revision %q is the one traffic was rolled back from, and no revision was deployed since; %s", latestReady, advice)
			}
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
	for _, r := range revisions {
		if r.Service == service && r.Ready && r.Name != latestReady && r.Created.After(newest.Created) && r.Created.Before(latest.Created) {
			return c, nil
		}
	}
	return Choice{}, refuse("the latest Ready revision %q is probably the one traffic was rolled back from: it is the first Ready revision after %q, which serves now, and the service has no %s annotation to say otherwise; %s",
		latestReady, newest.Name, RolledBackFrom, advice)
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

// chooseFor selects the target for cfg: a roll forward for to-revision
// LATEST, else a rollback.
func chooseFor(cfg Config, revs []Revision, traffic []Traffic, latestReady, rolledBackFrom string) (Choice, error) {
	if latestReady == "." || latestReady == "/" {
		latestReady = "" // path.Base of an empty name
	}
	if strings.EqualFold(cfg.ToRevision, Latest) {
		return ChooseLatest(cfg.Service, revs, traffic, latestReady, rolledBackFrom, cfg.AllowSplit)
	}
	return Choose(cfg.Service, revs, traffic, latestReady, cfg.ToRevision, cfg.AllowSplit)
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

// Advice ends the record: what to do next.
func (c Choice) Advice(project, region, service string) string {
	if c.Latest {
		return "Traffic follows the latest Ready revision again: the next deploy's revision gets it.\n"
	}
	return "This is a manual change: document it in the incident, and deploy a fix rather than leaving traffic pinned. " +
		"`deploy` does not move the traffic back by itself; once the fix is deployed, release the pin with:\n\n    " +
		policy.Pinned{Project: project, Region: region, Service: service}.ReleaseCommand() + "\n"
}
