package reconcile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Issue is a GitHub issue as the tracker sees it.
type Issue struct {
	Number                  int
	Title, Body, URL, State string
	Author                  string
	Created, Closed         time.Time
	PullRequest             bool
}

// IssueUpdate changes an issue; nil fields stay as they are.
type IssueUpdate struct {
	Title, Body, State, StateReason *string
	// Labels, when not nil, replace the issue's labels.
	Labels []string
}

// Issues are the repository's issues, owner and name bound in.
type Issues interface {
	// List returns the issues with label in every state, updated since
	// (zero: all), pull requests left out.
	List(ctx context.Context, label string, since time.Time) ([]Issue, error)
	Get(ctx context.Context, number int) (Issue, error)
	Create(ctx context.Context, title, body string, labels []string) (Issue, error)
	Update(ctx context.Context, number int, u IssueUpdate) (Issue, error)
	Comment(ctx context.Context, number int, body string) error
}

// IssueBodyLimit is GitHub's limit on an issue body or comment.
const IssueBodyLimit = 65536

// IncidentLabel marks the issues that record a manual change.
const IncidentLabel = "incident"

// Tracker keeps one issue per drifted environment and working directory:
// found again by a hidden marker and by its author (only issues the
// token's identity wrote count, so a forged marker is ignored), created on
// the first drift, updated in place while drift persists (with a comment
// when what drifted changes), closed with a comment when the drift is gone
// and reopened when it returns.
type Tracker struct {
	Issues Issues
	Label  string
	// Author is the login the token acts as.
	Author string
	// Redact cleans every text before it is sent.
	Redact func(string) string
	// Settle bounds the random wait before creating an issue, after which
	// the issues are read again: two runs that found the same new drift
	// then see each other's issue instead of opening a second one.
	Settle time.Duration
	Log    *slog.Logger
}

// Synced says what a sync did.
type Synced struct {
	// Action is created, updated, reopened, closed or none.
	Action string
	Number int
	URL    string
}

// Marker starts the body of the issue of env and dir.
func Marker(env, dir string) string {
	b, _ := json.Marshal(struct {
		Dir         string `json:"dir"`
		Environment string `json:"environment"`
	}{dir, env})
	return "<!-- olympus:drift-reconcile " + string(b) + " -->"
}

const statePrefix = "<!-- olympus:drift-state "

// issueState is what an issue remembers between runs, in a hidden line.
type issueState struct {
	FirstSeen  time.Time `json:"first_seen"`
	CleanSince time.Time `json:"clean_since,omitzero"`
	Resources  []string  `json:"resources"`
	// Digest and Count stand in for Resources when the list would not
	// leave room for the report: a change is still seen, though not what
	// changed.
	Digest string `json:"digest,omitempty"`
	Count  int    `json:"count,omitempty"`
}

// maxStateLine bounds the hidden state line, so that the report keeps
// most of the issue's 65,536 characters.
const maxStateLine = 8 << 10

// stateLine is the hidden line of st: the resources listed when they fit,
// else their digest and count.
func stateLine(st issueState) string {
	b, _ := json.Marshal(st) // HTML-escaped: no --> can end the comment early
	if len(b)+len(statePrefix)+4 > maxStateLine {
		st.Digest, st.Count, st.Resources = digest(st.Resources), len(st.Resources), nil
		b, _ = json.Marshal(st)
	}
	return statePrefix + string(b) + " -->"
}

func digest(keys []string) string {
	h := sha256.Sum256([]byte(strings.Join(keys, "\n")))
	return hex.EncodeToString(h[:])
}

// same reports whether keys are the resources st remembers.
func (st issueState) same(keys []string) bool {
	if st.Digest != "" {
		return st.Digest == digest(keys)
	}
	return slices.Equal(st.Resources, keys)
}

func readState(body string) (issueState, bool) {
	var st issueState
	for _, line := range strings.SplitN(body, "\n", 4) {
		if rest, ok := strings.CutPrefix(line, statePrefix); ok {
			return st, json.Unmarshal([]byte(strings.TrimSuffix(rest, " -->")), &st) == nil
		}
	}
	return st, false
}

// body is the issue body: the marker, the state, the report, within
// GitHub's limit however many resources drifted.
func (t *Tracker) body(r *EnvReport, st issueState) string {
	head := Marker(r.Environment, r.Dir) + "\n" + stateLine(st) + "\n"
	return head + r.Markdown(IssueBodyLimit-len(head)-1024)
}

// fit keeps a text GitHub stores (an issue body, a comment) within its
// limit, whatever redaction did to the length: counted in bytes, which
// are never fewer than GitHub's characters. What is cut is said.
func fit(s string) string {
	if len(s) <= IssueBodyLimit {
		return s
	}
	const note = "\n\n… cut here: GitHub keeps at most 65,536 characters. The job summary of the run has the rest.\n"
	s = cut(s, IssueBodyLimit-len(note))
	if i := strings.LastIndexByte(s, '\n'); i > len(s)/2 {
		s = s[:i]
	}
	return s + note
}

// Sync brings the environment's issue in line with the report. It fills
// r.FirstSeen, r.CleanSince and r.Incidents from the issue's history.
func (t *Tracker) Sync(ctx context.Context, r *EnvReport) (Synced, error) {
	found, err := t.find(ctx, r)
	if err != nil {
		return Synced{}, err
	}
	drifted := r.Findings.Drifted()
	switch {
	case !drifted && found == nil && len(r.Reverted) > 0:
		// Found and reverted in one run: the record is an issue opened
		// and closed at once.
		s, err := t.create(ctx, r)
		if err != nil {
			return s, err
		}
		is, err := t.Issues.Get(ctx, s.Number)
		if err != nil {
			return Synced{}, fmt.Errorf("failed to read drift issue #%d: %w", s.Number, err)
		}
		return t.close(ctx, r, is)
	case !drifted && (found == nil || found.State != "open"):
		return Synced{Action: "none"}, nil
	case !drifted:
		return t.close(ctx, r, *found)
	case found == nil:
		// Wait, then look again: another run may be creating it now.
		if err := step.Sleep(ctx, t.jitter()); err != nil {
			return Synced{}, err
		}
		if found, err = t.find(ctx, r); err != nil {
			return Synced{}, err
		}
		if found == nil {
			return t.create(ctx, r)
		}
	}
	if found.State != "open" {
		return t.reopen(ctx, r, *found)
	}
	return t.update(ctx, r, *found)
}

// find returns our issue for the report's environment: the oldest open
// one, else the newest closed one. Other open ones (left by two runs that
// created at once) are closed as duplicates.
func (t *Tracker) find(ctx context.Context, r *EnvReport) (*Issue, error) {
	list, err := t.Issues.List(ctx, t.Label, time.Time{})
	if err != nil {
		return nil, fmt.Errorf("failed to list the %q issues: %w", t.Label, err)
	}
	marker := Marker(r.Environment, r.Dir)
	var open, closed []Issue
	for _, is := range list {
		if is.PullRequest || !strings.EqualFold(is.Author, t.Author) || !strings.HasPrefix(is.Body, marker) {
			continue
		}
		if is.State == "open" {
			open = append(open, is)
		} else {
			closed = append(closed, is)
		}
	}
	sort.Slice(open, func(i, j int) bool { return open[i].Number < open[j].Number })
	sort.Slice(closed, func(i, j int) bool { return closed[i].Number > closed[j].Number })
	if len(open) > 0 {
		for _, dup := range open[1:] {
			if err := t.closeDuplicate(ctx, dup, open[0]); err != nil {
				return nil, err
			}
		}
		return &open[0], nil
	}
	if len(closed) > 0 {
		return &closed[0], nil
	}
	return nil, nil
}

func (t *Tracker) create(ctx context.Context, r *EnvReport) (Synced, error) {
	r.FirstSeen, r.CleanSince = r.Checked, time.Time{}
	if err := t.incidents(ctx, r); err != nil {
		return Synced{}, err
	}
	is, err := t.Issues.Create(ctx, t.Redact(r.Title()), fit(t.Redact(t.body(r, issueState{FirstSeen: r.FirstSeen, Resources: r.Findings.Keys()}))), []string{t.Label})
	if err != nil {
		return Synced{}, fmt.Errorf("failed to open the drift issue of %s: %w", r.Environment, err)
	}
	// Two runs may still have created at the same moment: the oldest
	// issue is kept, and find closes the others.
	kept, err := t.find(ctx, r)
	if err != nil {
		return Synced{}, err
	}
	if kept != nil && kept.Number != is.Number {
		t.Log.Info("another run opened the drift issue at the same time; keeping the older one", "environment", r.Environment, "issue", kept.Number)
		return t.update(ctx, r, *kept)
	}
	return Synced{Action: "created", Number: is.Number, URL: is.URL}, nil
}

func (t *Tracker) update(ctx context.Context, r *EnvReport, is Issue) (Synced, error) {
	// Re-read right before writing: another run may have written since.
	fresh, err := t.Issues.Get(ctx, is.Number)
	if err != nil {
		return Synced{}, fmt.Errorf("failed to read drift issue #%d: %w", is.Number, err)
	}
	st, ok := readState(fresh.Body)
	if !ok || st.FirstSeen.IsZero() {
		st.FirstSeen = fresh.Created
	}
	r.FirstSeen, r.CleanSince = st.FirstSeen, st.CleanSince
	if err := t.incidents(ctx, r); err != nil {
		return Synced{}, err
	}
	keys := r.Findings.Keys()
	before := st
	st.Resources, st.Digest, st.Count = keys, "", 0
	body := fit(t.Redact(t.body(r, st)))
	if body != fresh.Body {
		if _, err := t.Issues.Update(ctx, is.Number, IssueUpdate{Body: &body}); err != nil {
			return Synced{}, fmt.Errorf("failed to update drift issue #%d: %w", is.Number, err)
		}
	}
	if ok && !before.same(keys) {
		if err := t.comment(ctx, is.Number, changedComment(r, before, keys)); err != nil {
			return Synced{}, err
		}
	}
	if err := t.revertComment(ctx, r, is.Number); err != nil {
		return Synced{}, err
	}
	return Synced{Action: "updated", Number: is.Number, URL: is.URL}, nil
}

func (t *Tracker) reopen(ctx context.Context, r *EnvReport, is Issue) (Synced, error) {
	r.FirstSeen, r.CleanSince = r.Checked, is.Closed
	if err := t.incidents(ctx, r); err != nil {
		return Synced{}, err
	}
	body := fit(t.Redact(t.body(r, issueState{FirstSeen: r.FirstSeen, CleanSince: r.CleanSince, Resources: r.Findings.Keys()})))
	open := "open"
	if _, err := t.Issues.Update(ctx, is.Number, IssueUpdate{Body: &body, State: &open}); err != nil {
		return Synced{}, fmt.Errorf("failed to reopen drift issue #%d: %w", is.Number, err)
	}
	msg := fmt.Sprintf("Drift is back in `%s`: %s differ from the code again (%s). See the description.", r.Environment, plural(r.Findings.Count(), "resource", "resources"), keyList(r.Findings.Keys(), commentRoom))
	if err := t.comment(ctx, is.Number, msg); err != nil {
		return Synced{}, err
	}
	if err := t.revertComment(ctx, r, is.Number); err != nil {
		return Synced{}, err
	}
	return Synced{Action: "reopened", Number: is.Number, URL: is.URL}, nil
}

func (t *Tracker) close(ctx context.Context, r *EnvReport, is Issue) (Synced, error) {
	st, _ := readState(is.Body)
	r.FirstSeen, r.CleanSince = st.FirstSeen, st.CleanSince
	msg := fmt.Sprintf("Resolved: `%s` matches the code as of %s", r.Environment, r.Checked.UTC().Format(stamp))
	if r.RunURL != "" {
		msg += " ([run](" + r.RunURL + "))"
	}
	if r.Revert != nil && r.Revert.Outcome == "applied" {
		msg += ": the drift was reverted by applying the code (" + r.Revert.Counts.String() + ")"
	}
	msg += ". Closing."
	if err := t.comment(ctx, is.Number, msg); err != nil {
		return Synced{}, err
	}
	st.Resources, st.Digest, st.Count = nil, "", 0
	body := fit(t.Redact(t.body(r, st)))
	closed, reason := "closed", "completed"
	if _, err := t.Issues.Update(ctx, is.Number, IssueUpdate{Body: &body, State: &closed, StateReason: &reason}); err != nil {
		return Synced{}, fmt.Errorf("failed to close drift issue #%d: %w", is.Number, err)
	}
	return Synced{Action: "closed", Number: is.Number, URL: is.URL}, nil
}

// closeDuplicate closes an issue that a concurrent run opened for the same
// drift, and takes its marker out so that it is never found again.
func (t *Tracker) closeDuplicate(ctx context.Context, dup, kept Issue) error {
	body := fmt.Sprintf("Duplicate of #%d: two drift-reconcile runs found this drift at the same moment.", kept.Number)
	closed, reason := "closed", "not_planned"
	if _, err := t.Issues.Update(ctx, dup.Number, IssueUpdate{Body: &body, State: &closed, StateReason: &reason, Labels: []string{}}); err != nil {
		return fmt.Errorf("failed to close duplicate drift issue #%d: %w", dup.Number, err)
	}
	return nil
}

// incidents lists the incident issues opened since the environment last
// matched the code.
func (t *Tracker) incidents(ctx context.Context, r *EnvReport) error {
	from := r.IncidentsFrom()
	list, err := t.Issues.List(ctx, IncidentLabel, from)
	if err != nil {
		return fmt.Errorf("failed to list the incident issues: %w", err)
	}
	r.Incidents = nil
	for _, is := range list {
		if is.PullRequest || is.Created.Before(from) {
			continue
		}
		r.Incidents = append(r.Incidents, Incident{Number: is.Number, Title: is.Title, URL: is.URL, State: is.State, Created: is.Created})
	}
	sort.Slice(r.Incidents, func(i, j int) bool { return r.Incidents[i].Number < r.Incidents[j].Number })
	return nil
}

func (t *Tracker) comment(ctx context.Context, number int, msg string) error {
	if err := t.Issues.Comment(ctx, number, fit(t.Redact(msg))); err != nil {
		return fmt.Errorf("failed to comment on drift issue #%d: %w", number, err)
	}
	return nil
}

func (t *Tracker) revertComment(ctx context.Context, r *EnvReport, number int) error {
	rv := r.Revert
	if rv == nil {
		return nil
	}
	var msg string
	switch rv.Outcome {
	case "applied":
		msg = fmt.Sprintf("Reverted: the code was applied to `%s` (%s).", r.Environment, rv.Counts.String())
	case "refused":
		msg = "Revert refused; nothing was applied. " + cut(rv.Detail, maxDetail)
	default:
		msg = "Revert failed. " + cut(rv.Detail, maxDetail)
	}
	if r.RunURL != "" {
		msg += " ([run](" + r.RunURL + "))"
	}
	return t.comment(ctx, number, msg)
}

// commentRoom is what a comment's lists of resources may take, leaving
// room for the sentences around them.
const commentRoom = IssueBodyLimit - 4096

// changedComment says what changed in the set of drifted resources: which
// came and went when the issue remembers the list, else how many.
func changedComment(r *EnvReport, before issueState, now []string) string {
	msg := fmt.Sprintf("What drifted in `%s` changed.", r.Environment)
	if before.Digest != "" {
		return msg + fmt.Sprintf(" %s now, %d before (too many to remember which). See the description.",
			plural(len(now), "resource", "resources"), before.Count)
	}
	var added, gone []string
	for _, k := range now {
		if !slices.Contains(before.Resources, k) {
			added = append(added, k)
		}
	}
	for _, k := range before.Resources {
		if !slices.Contains(now, k) {
			gone = append(gone, k)
		}
	}
	room := commentRoom
	if len(added) > 0 && len(gone) > 0 {
		room /= 2
	}
	if len(added) > 0 {
		msg += " New: " + keyList(added, room) + "."
	}
	if len(gone) > 0 {
		msg += " No longer drifted: " + keyList(gone, room) + "."
	}
	return msg + " See the description."
}

// keyList renders keys ("address kind") as `address` (kind), ... within
// room bytes, counting those left out.
func keyList(keys []string, room int) string {
	var b strings.Builder
	for i, k := range keys {
		addr, kind, _ := strings.Cut(k, " ")
		part := report.Code(addr) + " (" + kind + ")"
		if i > 0 {
			part = ", " + part
		}
		if b.Len()+len(part) > room-32 {
			fmt.Fprintf(&b, ", and %d more", len(keys)-i)
			break
		}
		b.WriteString(part)
	}
	return b.String()
}

func (t *Tracker) jitter() time.Duration {
	if t.Settle <= 0 {
		return 0
	}
	return rand.N(t.Settle)
}
