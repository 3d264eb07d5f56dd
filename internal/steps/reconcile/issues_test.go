package reconcile

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// fakeIssues is an in-memory Issues that records every write.
type fakeIssues struct {
	mu     sync.Mutex
	issues []*Issue
	labels map[int][]string
	notes  map[int][]string
	writes []string
	now    time.Time
	author string
	// beforeCreate runs inside Create, to play a concurrent run.
	beforeCreate func()
}

func newFakeIssues() *fakeIssues {
	return &fakeIssues{labels: map[int][]string{}, notes: map[int][]string{}, now: time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC), author: ActionsBot}
}

func (f *fakeIssues) add(author, title, body, state string, created time.Time, labels ...string) *Issue {
	f.mu.Lock()
	defer f.mu.Unlock()
	is := &Issue{Number: len(f.issues) + 1, Title: title, Body: body, State: state, Author: author, Created: created}
	is.URL = fmt.Sprintf("https://github.com/o/r/issues/%d", is.Number)
	if state == "closed" {
		is.Closed = created.Add(time.Hour)
	}
	f.issues = append(f.issues, is)
	f.labels[is.Number] = labels
	return is
}

func (f *fakeIssues) List(_ context.Context, label string, since time.Time) ([]Issue, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Issue
	for _, is := range f.issues {
		if slices.Contains(f.labels[is.Number], label) && !is.Created.Before(since) {
			out = append(out, *is)
		}
	}
	return out, nil
}

func (f *fakeIssues) Get(_ context.Context, n int) (Issue, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return *f.issues[n-1], nil
}

func (f *fakeIssues) Create(_ context.Context, title, body string, labels []string) (Issue, error) {
	if f.beforeCreate != nil {
		f.beforeCreate()
	}
	is := f.add(f.author, title, body, "open", f.now, labels...)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.writes = append(f.writes, fmt.Sprintf("create #%d", is.Number))
	return *is, nil
}

func (f *fakeIssues) Update(_ context.Context, n int, u IssueUpdate) (Issue, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	is := f.issues[n-1]
	w := fmt.Sprintf("update #%d", n)
	if u.Body != nil {
		is.Body = *u.Body
		w += " body"
	}
	if u.State != nil {
		is.State = *u.State
		w += " " + *u.State
		if *u.State == "closed" {
			is.Closed = f.now
		} else {
			is.Closed = time.Time{}
		}
	}
	if u.StateReason != nil {
		w += " " + *u.StateReason
	}
	if u.Labels != nil {
		f.labels[n] = u.Labels
		w += " labels"
	}
	f.writes = append(f.writes, w)
	return *is, nil
}

func (f *fakeIssues) Comment(_ context.Context, n int, body string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notes[n] = append(f.notes[n], body)
	f.writes = append(f.writes, fmt.Sprintf("comment #%d", n))
	return nil
}

func (f *fakeIssues) takeWrites() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	w := f.writes
	f.writes = nil
	return w
}

func tracker(f *fakeIssues) *Tracker {
	return &Tracker{Issues: f, Label: "drift", Author: ActionsBot, Redact: func(s string) string { return strings.ReplaceAll(s, "k-123456789", "***") },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

func driftReport(now time.Time, addresses ...string) *EnvReport {
	var f Findings
	for _, a := range addresses {
		f.Resources = append(f.Resources, ResourceDrift{Address: a, Deleted: true, Revert: policy.Create})
	}
	return &EnvReport{Environment: "dev", Dir: ".", Findings: f, Checked: now}
}

func TestTrackerLifecycle(t *testing.T) {
	ctx := context.Background()
	f := newFakeIssues()
	tr := tracker(f)
	t0 := f.now
	// A forged issue with our marker, by someone else, and an old incident.
	forged := f.add("mallory", "Drift in dev", Marker("dev", ".")+"\nforged", "open", t0.Add(-time.Hour), "drift")
	f.add("alice", "Break glass: dev", "scaled the db", "closed", t0.Add(-2*time.Hour), IncidentLabel)
	f.add("alice", "Ancient incident", "", "closed", t0.Add(-30*24*time.Hour), IncidentLabel)

	steps := []struct {
		name    string
		report  *EnvReport
		action  string
		writes  []string
		comment string // in the last comment
	}{
		{"first drift opens an issue", driftReport(t0, "a.b"), "created", []string{"create #4"}, ""},
		{"same drift updates it in place", driftReport(t0.Add(6*time.Hour), "a.b"), "updated", []string{"update #4 body"}, ""},
		{"a new resource adds a comment", driftReport(t0.Add(12*time.Hour), "a.b", "c.d"), "updated", []string{"update #4 body", "comment #4"}, "New: `c.d` (deleted)."},
		{"drift gone closes it", driftReport(t0.Add(18 * time.Hour)), "closed", []string{"comment #4", "update #4 body closed completed"}, "Resolved: `dev` matches the code"},
		{"still clean: nothing", driftReport(t0.Add(20 * time.Hour)), "none", nil, ""},
		{"drift back reopens it", driftReport(t0.Add(24*time.Hour), "c.d"), "reopened", []string{"update #4 body open", "comment #4"}, "Drift is back in `dev`"},
	}
	for _, s := range steps {
		f.now = s.report.Checked
		got, err := tr.Sync(ctx, s.report)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got.Action != s.action {
			t.Errorf("%s: action %q, want %q", s.name, got.Action, s.action)
		}
		if diff := cmp.Diff(s.writes, f.takeWrites()); diff != "" {
			t.Errorf("%s: writes (-want +got):\n%s", s.name, diff)
		}
		if s.comment != "" {
			notes := f.notes[4]
			if len(notes) == 0 || !strings.Contains(notes[len(notes)-1], s.comment) {
				t.Errorf("%s: last comment %q, want %q", s.name, notes, s.comment)
			}
		}
	}
	is := f.issues[3]
	st, ok := readState(is.Body)
	if !ok || !st.FirstSeen.Equal(t0.Add(24*time.Hour)) || !st.CleanSince.Equal(t0.Add(18*time.Hour)) || !slices.Equal(st.Resources, []string{"c.d deleted"}) {
		t.Errorf("state after reopening: %+v %v", st, ok)
	}
	if forged.Body != Marker("dev", ".")+"\nforged" || f.issues[0].State != "open" {
		t.Errorf("the forged issue was touched: %+v", f.issues[0])
	}
	// The reopened issue lists the incident opened since the environment
	// was last clean, not the older ones.
	if strings.Contains(is.Body, "Break glass") || strings.Contains(is.Body, "Ancient") {
		t.Errorf("reopened body lists incidents from before the last clean check:\n%s", is.Body)
	}
}

func TestTrackerListsIncidentsOfTheFirstWeek(t *testing.T) {
	f := newFakeIssues()
	f.add("alice", "Break glass: dev", "", "closed", f.now.Add(-2*time.Hour), IncidentLabel)
	f.add("alice", "Ancient incident", "", "closed", f.now.Add(-30*24*time.Hour), IncidentLabel)
	r := driftReport(f.now, "a.b")
	if _, err := tracker(f).Sync(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if len(r.Incidents) != 1 || r.Incidents[0].Title != "Break glass: dev" || !strings.Contains(f.issues[2].Body, "[#1](https://github.com/o/r/issues/1) Break glass: dev") {
		t.Errorf("incidents %+v\n%s", r.Incidents, f.issues[2].Body)
	}
}

func TestTrackerKeepsOneIssueWhenTwoRunsCreateAtOnce(t *testing.T) {
	f := newFakeIssues()
	// While this run creates, another run's issue appears first.
	f.beforeCreate = func() {
		f.beforeCreate = nil
		f.add(ActionsBot, "Drift in dev", Marker("dev", ".")+"\n", "open", f.now, "drift")
	}
	got, err := tracker(f).Sync(context.Background(), driftReport(f.now, "a.b"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Number != 1 || got.Action != "updated" {
		t.Errorf("synced %+v, want the older issue #1 updated", got)
	}
	if f.issues[1].State != "closed" || strings.Contains(f.issues[1].Body, "olympus:drift-reconcile") || len(f.labels[2]) != 0 {
		t.Errorf("the newer duplicate is not closed and unmarked: %+v labels %v", f.issues[1], f.labels[2])
	}
	// The next run finds exactly one.
	if got, _ := tracker(f).Sync(context.Background(), driftReport(f.now, "a.b")); got.Number != 1 {
		t.Errorf("next run synced %+v", got)
	}
}

func TestTrackerRedactsEverythingItSends(t *testing.T) {
	f := newFakeIssues()
	r := driftReport(f.now, "a.b")
	r.Findings.Resources[0].Address = "k-123456789"
	r.Revert = &RevertResult{Outcome: "failed", Detail: "terraform said k-123456789"}
	if _, err := tracker(f).Sync(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	r.Findings.Resources = nil
	if _, err := tracker(f).Sync(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	all := f.issues[0].Title + f.issues[0].Body + strings.Join(f.notes[1], "")
	if strings.Contains(all, "k-123456789") {
		t.Errorf("a secret was sent:\n%s", all)
	}
}
