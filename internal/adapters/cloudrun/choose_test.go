package cloudrun

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
)

var t0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func rev(n int, ready bool) Revision {
	return Revision{Name: "api-0000" + string(rune('0'+n)) + "-abc", Service: "api", Created: t0.Add(time.Duration(n) * time.Hour), Ready: ready}
}

func name(n int) string { return rev(n, true).Name }

func TestChoose(t *testing.T) {
	revs := []Revision{rev(1, true), rev(2, true), rev(3, false), rev(4, true), rev(5, true)}
	for _, tc := range []struct {
		desc       string
		revisions  []Revision
		traffic    []Traffic
		latest     string
		named      string
		allowSplit bool
		want       string
		changed    bool
		refusal    string
	}{
		{desc: "the newest older Ready revision, skipping one not Ready",
			revisions: revs, traffic: []Traffic{{Revision: name(5), Percent: 100}}, want: name(4), changed: true},
		{desc: "not Ready revisions are skipped",
			revisions: revs, traffic: []Traffic{{Revision: name(4), Percent: 100}}, want: name(2), changed: true},
		{desc: "LATEST is resolved to the latest ready revision",
			revisions: revs, traffic: []Traffic{{Latest: true, Percent: 100}}, latest: name(5), want: name(4), changed: true},
		{desc: "tags on other revisions with no traffic do not count",
			revisions: revs, traffic: []Traffic{{Revision: name(5), Percent: 100}, {Revision: name(4), Tag: "canary"}, {Revision: name(1), Tag: "stable"}},
			want: name(4), changed: true},
		{desc: "a tag on the serving revision does not count twice",
			revisions: revs, traffic: []Traffic{{Revision: name(2), Percent: 100, Tag: "blue"}}, want: name(1), changed: true},
		{desc: "split traffic is refused",
			revisions: revs, traffic: []Traffic{{Revision: name(4), Percent: 90}, {Revision: name(5), Percent: 10}}, refusal: "is split (api-00004-abc 90%, api-00005-abc 10%)"},
		{desc: "split traffic with allow-split rolls back from the newest serving",
			revisions: revs, traffic: []Traffic{{Revision: name(4), Percent: 90}, {Revision: name(5), Percent: 10}}, allowSplit: true, want: name(4), changed: true},
		{desc: "the serving revision is the oldest",
			revisions: revs, traffic: []Traffic{{Revision: name(1), Percent: 100}}, refusal: "no Ready revision of \"api\" is older than \"api-00001-abc\""},
		{desc: "a named revision of another service",
			revisions: append(revs, Revision{Name: "web-00001-xyz", Service: "web", Created: t0, Ready: true}),
			traffic:   []Traffic{{Revision: name(5), Percent: 100}}, named: "web-00001-xyz", refusal: `belongs to service "web", not "api"`},
		{desc: "a named revision that was deleted",
			revisions: revs, traffic: []Traffic{{Revision: name(5), Percent: 100}}, named: "api-00009-zzz", refusal: "does not exist (deleted?)"},
		{desc: "a named revision that is not Ready",
			revisions: revs, traffic: []Traffic{{Revision: name(5), Percent: 100}}, named: name(3), refusal: "is not Ready"},
		{desc: "a named revision that already has all traffic",
			revisions: revs, traffic: []Traffic{{Revision: name(2), Percent: 100}}, named: name(2), want: name(2), changed: false},
		{desc: "a serving revision that was deleted from the list",
			revisions: revs[:2], traffic: []Traffic{{Revision: name(5), Percent: 100}}, refusal: "serves traffic but is not listed"},
		{desc: "no traffic at all",
			revisions: revs, traffic: nil, refusal: "serves no traffic"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			got, err := Choose(State{Service: "api", Revisions: tc.revisions, Traffic: tc.traffic, LatestReady: tc.latest}, tc.named, KnownGood{}, tc.allowSplit)
			if tc.refusal != "" {
				var r *fault.VerdictError
				if !errors.As(err, &r) || !strings.Contains(err.Error(), tc.refusal) {
					t.Fatalf("err = %v, want a refusal containing %q", err, tc.refusal)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Target != tc.want || got.Changed != tc.changed {
				t.Errorf("target %q changed %v, want %q %v", got.Target, got.Changed, tc.want, tc.changed)
			}
		})
	}
}

func TestChooseLatest(t *testing.T) {
	revs := []Revision{rev(1, true), rev(2, true), rev(3, false), rev(4, true), rev(5, true)}
	pinned := func(n int) []Traffic { return []Traffic{{Revision: name(n), Percent: 100}} }
	for _, tc := range []struct {
		desc       string
		revisions  []Revision
		traffic    []Traffic
		latest     string
		from       string // the rolled-back-from annotation
		allowSplit bool
		changed    bool
		refusal    string
	}{
		{desc: "a fix deployed after the rollback gets the traffic",
			revisions: revs, traffic: pinned(2), latest: name(5), from: name(4), changed: true},
		{desc: "the latest Ready revision is the one rolled back from",
			revisions: revs, traffic: pinned(4), latest: name(5), from: name(5),
			refusal: `the latest Ready revision "api-00005-abc" is the one traffic was rolled back from, and no revision was deployed since; deploy a fixed revision first`},
		{desc: "one of the revisions a split was rolled back from",
			revisions: revs, traffic: pinned(2), latest: name(5), from: name(4) + "," + name(5), refusal: "is the one traffic was rolled back from"},
		{desc: "without a record, the first Ready revision after the serving one is suspect",
			revisions: revs, traffic: pinned(4), latest: name(5), refusal: `is probably the one traffic was rolled back from: it is the first Ready revision after "api-00004-abc"`},
		{desc: "without a record, a Ready revision in between shows a deploy since",
			revisions: revs, traffic: pinned(2), latest: name(5), changed: true},
		{desc: "without a record, a revision in between that is not Ready does not count",
			revisions: revs, traffic: pinned(2), latest: name(4), refusal: "is probably the one"},
		{desc: "pinned to the latest Ready revision itself: only the target type changes",
			revisions: revs, traffic: pinned(5), latest: name(5), changed: true},
		{desc: "already following LATEST: nothing to do",
			revisions: revs, traffic: []Traffic{{Latest: true, Percent: 100}}, latest: name(5), changed: false},
		{desc: "split traffic is refused",
			revisions: revs, traffic: []Traffic{{Revision: name(2), Percent: 50}, {Revision: name(4), Percent: 50}}, latest: name(5), from: name(4),
			refusal: "is split (api-00002-abc 50%, api-00004-abc 50%); set allow-split"},
		{desc: "split traffic with allow-split",
			revisions: revs, traffic: []Traffic{{Revision: name(2), Percent: 50}, {Revision: name(4), Percent: 50}}, latest: name(5), from: name(1), allowSplit: true, changed: true},
		{desc: "no Ready revision",
			revisions: []Revision{rev(3, false)}, traffic: pinned(3), latest: "", refusal: "has no Ready revision"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			got, err := ChooseLatest(State{Service: "api", Revisions: tc.revisions, Traffic: tc.traffic, LatestReady: tc.latest, RolledBackFrom: ParseRolledBackFrom(tc.from)}, tc.allowSplit)
			if tc.refusal != "" {
				var r *fault.VerdictError
				if !errors.As(err, &r) || !strings.Contains(err.Error(), tc.refusal) {
					t.Fatalf("err = %v, want a refusal containing %q", err, tc.refusal)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Target != tc.latest || !got.Latest || got.Changed != tc.changed {
				t.Errorf("got %+v, want target %q latest, changed %v", got, tc.latest, tc.changed)
			}
		})
	}
}

// The known-good revision that the last verified deployment recorded is
// chosen over the newest older one while it can be; else the newest older
// one is, saying why.
func TestChooseKnownGood(t *testing.T) {
	revs := []Revision{rev(1, true), rev(2, true), rev(3, false), rev(4, true), rev(5, true)}
	pinned := func(n int) []Traffic { return []Traffic{{Revision: name(n), Percent: 100}} }
	recorded := func(n int) KnownGood { return KnownGood{Revision: name(n), Source: "deployment 7 of abc to dev"} }
	for _, tc := range []struct {
		desc       string
		traffic    []Traffic
		record     []string // rolled back from
		known      KnownGood
		named      string
		allowSplit bool
		want       string
		by         string
		note       string
		refusal    string
	}{
		{desc: "the known-good revision differs from the newest older one",
			traffic: pinned(5), known: recorded(2), want: name(2), by: ByKnownGood, note: "recorded by deployment 7 of abc to dev"},
		{desc: "the known-good revision is the newest older one",
			traffic: pinned(5), known: recorded(4), want: name(4), by: ByKnownGood},
		{desc: "no verified deployment: the newest older one, saying why",
			traffic: pinned(5), known: KnownGood{Missing: "no verified deployment of dev records it"}, want: name(4), by: ByNewestOlder, note: "no verified deployment of dev records it"},
		{desc: "no search at all: today's rule",
			traffic: pinned(5), want: name(4), by: ByNewestOlder},
		{desc: "the known-good revision was deleted",
			traffic: pinned(5), known: KnownGood{Revision: "api-00000-old", Source: "deployment 7"}, want: name(4), by: ByNewestOlder,
			note: `the known-good revision "api-00000-old" recorded by deployment 7 no longer exists`},
		{desc: "the known-good revision is not Ready",
			traffic: pinned(5), known: recorded(3), want: name(4), by: ByNewestOlder, note: "is not Ready"},
		{desc: "the known-good revision serves all traffic: it is what is rolled back from",
			traffic: pinned(4), known: recorded(4), want: name(2), by: ByNewestOlder, note: "serves all traffic now"},
		{desc: "traffic was rolled back from the known-good revision since",
			traffic: pinned(2), record: []string{name(5), name(4)}, known: recorded(4), want: name(1), by: ByNewestOlder, note: "is one traffic was rolled back from since"},
		{desc: "the known-good revision of another service",
			traffic: pinned(5), known: KnownGood{Revision: "web-00001-xyz", Source: "deployment 7"}, want: name(4), by: ByNewestOlder, note: `belongs to service "web"`},
		{desc: "split traffic is refused before the known-good revision is looked at",
			traffic: []Traffic{{Revision: name(4), Percent: 90}, {Revision: name(5), Percent: 10}}, known: recorded(4), refusal: "is split"},
		{desc: "split with allow-split: the known-good revision gets all of it",
			traffic: []Traffic{{Revision: name(4), Percent: 90}, {Revision: name(5), Percent: 10}}, allowSplit: true, known: recorded(4), want: name(4), by: ByKnownGood},
		{desc: "a named revision wins over the known-good one",
			traffic: pinned(5), known: recorded(2), named: name(1), want: name(1), by: ByName},
		{desc: "nothing older to fall back to says why the known-good revision was not taken",
			traffic: pinned(1), known: recorded(3), refusal: `no Ready revision of "api" is older than "api-00001-abc", the one serving now; the known-good revision "api-00003-abc" recorded by deployment 7 of abc to dev is not Ready`},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			s := State{Service: "api", Revisions: append(slices.Clone(revs), Revision{Name: "web-00001-xyz", Service: "web", Created: t0, Ready: true}),
				Traffic: tc.traffic, RolledBackFrom: tc.record}
			got, err := ChooseFor(s, tc.named, tc.known, tc.allowSplit)
			if tc.refusal != "" {
				var r *fault.VerdictError
				if !errors.As(err, &r) || !strings.Contains(err.Error(), tc.refusal) {
					t.Fatalf("err = %v, want a refusal containing %q", err, tc.refusal)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.Target != tc.want || got.ChosenBy != tc.by || !got.Changed || !strings.Contains(got.Note, tc.note) {
				t.Errorf("target %q by %q note %q, want %q by %q note containing %q", got.Target, got.ChosenBy, got.Note, tc.want, tc.by, tc.note)
			}
			if slices.Contains(got.RolledBackFrom, got.Target) {
				t.Errorf("the target %q is recorded as rolled back from: %v", got.Target, got.RolledBackFrom)
			}
		})
	}
}

func TestMoveForRecordsWhereTrafficWasRolledBackFrom(t *testing.T) {
	current := map[string]string{"team": "api"}
	revs := []Revision{rev(1, true), rev(2, true), rev(3, false), rev(4, true), rev(5, true)}
	split := State{Service: "api", Revisions: revs, Traffic: []Traffic{{Revision: name(4), Percent: 90}, {Revision: name(5), Percent: 10}}}
	c, err := Choose(split, name(2), KnownGood{}, false)
	if err != nil {
		t.Fatal(err)
	}
	back := MoveFor(c, current)
	if back.Latest || back.Revision != name(2) || back.Annotations[RolledBackFrom] != name(5)+","+name(4) || back.Annotations["team"] != "api" {
		t.Errorf("rollback move %+v", back)
	}
	if _, ok := current[RolledBackFrom]; ok {
		t.Error("MoveFor changed the service's own annotations")
	}
	forward := MoveFor(Choice{Target: name(5), Latest: true, Changed: true}, back.Annotations)
	if !forward.Latest || forward.Annotations["team"] != "api" {
		t.Errorf("roll forward move %+v", forward)
	}
	if _, ok := forward.Annotations[RolledBackFrom]; ok {
		t.Error("a roll forward keeps the rollback's record")
	}
}

// moved is the service after c's move: its traffic on the target, its
// record as c leaves it.
func moved(s State, c Choice) State {
	s.Traffic = []Traffic{{Revision: c.Target, Percent: 100}}
	if c.Latest {
		s.Traffic = []Traffic{{Latest: true, Percent: 100}}
	}
	s.RolledBackFrom = ParseRolledBackFrom(MoveFor(c, nil).Annotations[RolledBackFrom])
	return s
}

// Rollbacks in a row accumulate the revisions traffic was rolled back
// from, so a roll forward cannot bring back the first bad one.
func TestRollbacksInARowAreAllRecorded(t *testing.T) {
	revs := []Revision{rev(1, true), rev(2, true), rev(3, true)}
	s := State{Service: "api", Revisions: revs, Traffic: []Traffic{{Latest: true, Percent: 100}}, LatestReady: name(3)}
	for _, want := range []struct {
		target string
		record []string
	}{{name(2), []string{name(3)}}, {name(1), []string{name(3), name(2)}}} {
		c, err := ChooseFor(s, "", KnownGood{}, false)
		if err != nil {
			t.Fatal(err)
		}
		if c.Target != want.target || !slices.Equal(c.RolledBackFrom, want.record) {
			t.Fatalf("rollback to %q recording %v, want %q recording %v", c.Target, c.RolledBackFrom, want.target, want.record)
		}
		s = moved(s, c)
	}
	_, err := ChooseFor(s, "latest", KnownGood{}, false)
	var r *fault.VerdictError
	if !errors.As(err, &r) || !strings.Contains(err.Error(), `the latest Ready revision "api-00003-abc" is the one traffic was rolled back from (the service records rollbacks from, newest first: api-00003-abc, api-00002-abc)`) {
		t.Fatalf("roll forward to LATEST (%s) after 3 → 2 → 1: %v, want a refusal naming it", name(3), err)
	}
	// A third rollback has nothing left: 2 and 3 are bad, 1 is the oldest.
	if _, err := ChooseFor(s, "", KnownGood{}, false); err == nil || !strings.Contains(err.Error(), "other than those traffic was rolled back from (api-00003-abc, api-00002-abc)") {
		t.Errorf("a third rollback: %v", err)
	}

	// Naming a revision of the record says it is good: it leaves the record.
	c, err := ChooseFor(s, name(3), KnownGood{}, false)
	if err != nil || !slices.Equal(c.RolledBackFrom, []string{name(2), name(1)}) || !strings.Contains(c.Note, "taken off") {
		t.Fatalf("naming %s: %+v, %v", name(3), c, err)
	}

	// A fix is deployed after them: LATEST goes to it and clears the record.
	fixed := s
	fixed.Revisions = append(slices.Clone(revs), rev(4, true))
	fixed.LatestReady = name(4)
	c, err = ChooseFor(fixed, Latest, KnownGood{}, false)
	if err != nil || c.Target != name(4) || len(c.RolledBackFrom) != 0 {
		t.Fatalf("roll forward to a fix: %+v, %v", c, err)
	}
	if _, ok := MoveFor(c, map[string]string{RolledBackFrom: FormatRolledBackFrom(s.RolledBackFrom)}).Annotations[RolledBackFrom]; ok {
		t.Error("the roll forward keeps the record")
	}
}

func TestRolledBackFromIsBounded(t *testing.T) {
	var revs []Revision
	var record []string
	for n := 1; n <= 9; n++ {
		revs = append(revs, rev(n, true))
	}
	for n := 9; n >= 3; n-- {
		record = append(record, name(n))
	}
	// Revisions that no longer exist are dropped whatever their place.
	record = append(record, "api-00000-gone")
	s := State{Service: "api", Revisions: revs, Traffic: []Traffic{{Revision: name(2), Percent: 100}}, RolledBackFrom: record}
	c, err := Choose(s, "", KnownGood{}, false)
	if err != nil || c.Target != name(1) {
		t.Fatalf("%+v, %v", c, err)
	}
	want := append(record[:7:7], name(2))
	if !slices.Equal(c.RolledBackFrom, want) {
		t.Errorf("record %v, want %v", c.RolledBackFrom, want)
	}

	// More than MaxRolledBackFrom: the oldest are dropped.
	many := State{Service: "api", Traffic: []Traffic{{Revision: "api-00099-abc", Percent: 100}}}
	for n := 0; n < 100; n++ {
		r := Revision{Name: fmt.Sprintf("api-%05d-abc", n), Service: "api", Created: t0.Add(time.Duration(n) * time.Minute), Ready: true}
		many.Revisions = append(many.Revisions, r)
		if n >= 50 && n < 99 {
			many.RolledBackFrom = append([]string{r.Name}, many.RolledBackFrom...)
		}
	}
	c, err = Choose(many, "", KnownGood{}, false)
	if err != nil || c.Target != "api-00049-abc" {
		t.Fatalf("%+v, %v", c, err)
	}
	if len(c.RolledBackFrom) != MaxRolledBackFrom || c.RolledBackFrom[0] != "api-00099-abc" || c.RolledBackFrom[MaxRolledBackFrom-1] != "api-00090-abc" {
		t.Errorf("record %v, want the %d newest", c.RolledBackFrom, MaxRolledBackFrom)
	}
}

func TestParseRolledBackFrom(t *testing.T) {
	if got := ParseRolledBackFrom(" a, b,,a ,c"); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("got %q", got)
	}
	if got := ParseRolledBackFrom(""); got != nil {
		t.Errorf("empty annotation: %q", got)
	}
}
