package reconcile

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
)

// onFake is a tracker writing through go-github to the fake GitHub, which
// answers a body over 65,536 characters with 422 as GitHub does.
func onFake(t *testing.T) (*fakegithub.Server, *Tracker) {
	t.Helper()
	gh := fakegithub.New(t, "tok")
	base := gh.URL + "/"
	c, err := github.NewClient(github.WithAuthToken("tok"), github.WithURLs(&base, &base))
	if err != nil {
		t.Fatal(err)
	}
	return gh, &Tracker{Issues: &repoIssues{client: c, owner: "o", repo: "r"}, Label: "drift", Author: ActionsBot,
		Redact: func(s string) string { return s }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// manyDrifted is a report of n drifted resources with long addresses,
// starting at from: each changed in one attribute, or deleted.
func manyDrifted(t *testing.T, now time.Time, from, n int) *EnvReport {
	loc := locator(t)
	var f Findings
	for i := from; i < from+n; i++ {
		addr := fmt.Sprintf(`module.tenants["tenant-with-a-long-name-%05d"].localcloud_service.api`, i)
		if i%2 == 0 {
			f.Resources = append(f.Resources, ResourceDrift{Address: addr, Type: "localcloud_service", Deleted: true, Revert: policy.Create,
				Hint: loc.Locate("localcloud_service.api", nil)})
			continue
		}
		path := []string{"env", "LOG_LEVEL"}
		f.Resources = append(f.Resources, ResourceDrift{Address: addr, Type: "localcloud_service", Revert: policy.Update,
			Attrs: []AttrDrift{{Path: path, Before: "info", After: strings.Repeat("trace", 40), Hint: loc.Locate("localcloud_service.api", path)}}})
	}
	return &EnvReport{Environment: "dev", Dir: "infrastructure/live/production/europe-west1", Findings: f, Checked: now,
		RunURL: "https://github.com/o/r/actions/runs/4242", SHA: "0123456789abcdef"}
}

// checkFits fails unless every issue body and comment the fake holds is
// within GitHub's limit (the fake refuses more, so this checks the fake).
func checkFits(t *testing.T, gh *fakegithub.Server) {
	t.Helper()
	for _, is := range gh.Issues() {
		if n := utf8.RuneCountInString(is.Body); n > IssueBodyLimit {
			t.Errorf("issue #%d holds %d characters", is.Number, n)
		}
		for _, c := range gh.Comments(is.Number) {
			if n := utf8.RuneCountInString(c.Body); n > IssueBodyLimit {
				t.Errorf("a comment on #%d holds %d characters", is.Number, n)
			}
		}
	}
}

// 3,000 drifted resources: the issue is opened with a few, updated when
// thousands more drift (with a comment saying which), closed, and
// reopened, each write within the limit and the issue saying what it left
// out.
func TestDriftOfThousandsOfResourcesIsAccepted(t *testing.T) {
	ctx := context.Background()
	gh, tr := onFake(t)
	now := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	steps := []struct {
		report *EnvReport
		action string
	}{
		{manyDrifted(t, now, 0, 10), "created"},
		{manyDrifted(t, now.Add(time.Hour), 0, 3000), "updated"},
		{manyDrifted(t, now.Add(2*time.Hour), 0, 0), "closed"},
		{manyDrifted(t, now.Add(3*time.Hour), 0, 3000), "reopened"},
	}
	for i, s := range steps {
		got, err := tr.Sync(ctx, s.report)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if got.Action != s.action {
			t.Errorf("step %d: %s, want %s", i, got.Action, s.action)
		}
	}
	checkFits(t, gh)
	is := gh.Issues()
	if len(is) != 1 {
		t.Fatalf("%d issues", len(is))
	}
	body := is[0].Body
	if !strings.HasPrefix(body, Marker("dev", "infrastructure/live/production/europe-west1")) || !strings.Contains(body, "Kept up to date") ||
		!strings.Contains(body, "more\n\nNot shown for lack of room") || !strings.Contains(body, "https://github.com/o/r/actions/runs/4242") {
		t.Errorf("the body does not say what it left out and where the rest is:\n%s", body[max(0, len(body)-3000):])
	}
	if st, ok := readState(body); !ok || st.FirstSeen.IsZero() {
		t.Errorf("the hidden state line is lost: %+v %v", st, ok)
	}
	comments := gh.Comments(is[0].Number)
	var changed string
	for _, c := range comments {
		if strings.HasPrefix(c.Body, "What drifted in `dev` changed.") {
			changed = c.Body
		}
	}
	if !regexp.MustCompile(`^What drifted in .dev. changed\. New: .*, and \d+ more\. See the description\.$`).MatchString(changed) {
		t.Errorf("the comment on what changed does not count what it left out: %q", changed[:min(len(changed), 400)])
	}
}

// The state line remembers what drifted between runs; past what fits, it
// keeps a digest, and a change is still seen and said.
func TestChangeIsSeenWhenTheStateKeepsOnlyADigest(t *testing.T) {
	ctx := context.Background()
	gh, tr := onFake(t)
	now := time.Date(2026, 11, 2, 12, 0, 0, 0, time.UTC)
	for _, r := range []*EnvReport{manyDrifted(t, now, 0, 3000), manyDrifted(t, now, 0, 3000), manyDrifted(t, now, 0, 3001)} {
		if _, err := tr.Sync(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	comments := gh.Comments(1)
	if len(comments) != 1 || !strings.Contains(comments[0].Body, "3001 resources now, 3000 before") {
		var bodies []string
		for _, c := range comments {
			bodies = append(bodies, c.Body[:min(300, len(c.Body))])
		}
		t.Errorf("comments %q", bodies)
	}
}

// 400 incidents, with titles as long as GitHub allows, opened since the
// environment last matched the code.
func TestDriftWithHundredsOfIncidentsIsAccepted(t *testing.T) {
	ctx := context.Background()
	gh, tr := onFake(t)
	for i := range 400 {
		gh.AddIssue("alice", fmt.Sprintf("Break-glass deploy %03d: ", i)+strings.Repeat("scaled the database by hand ", 9), "", IncidentLabel)
	}
	r := manyDrifted(t, time.Now(), 0, 20)
	got, err := tr.Sync(ctx, r)
	if err != nil || got.Action != "created" {
		t.Fatalf("%+v %v", got, err)
	}
	checkFits(t, gh)
	body := gh.Issues()[400].Body
	if len(r.Incidents) != 400 || !strings.Contains(body, "[#1](") || !strings.Contains(body, "more incidents") {
		t.Errorf("%d incidents; the body lists the first and counts the rest:\n%s", len(r.Incidents), body[max(0, len(body)-2000):])
	}
	if !strings.Contains(body, "tenant-with-a-long-name-00019") {
		t.Error("the incidents crowded out the drifted resources")
	}
}

// A revert that failed with a long error, after reverting thousands of
// resources elsewhere: the comment and the body stay within the limit.
func TestLongRevertDetailsAreCut(t *testing.T) {
	ctx := context.Background()
	gh, tr := onFake(t)
	r := manyDrifted(t, time.Now(), 0, 10)
	r.Revert = &RevertResult{Outcome: "failed", Detail: strings.Repeat("Error: terraform said something long. ", 5000)}
	if _, err := tr.Sync(ctx, r); err != nil {
		t.Fatal(err)
	}
	applied := manyDrifted(t, time.Now(), 0, 3000)
	applied.Reverted, applied.Findings.Resources = applied.Findings.Resources, nil
	applied.Revert = &RevertResult{Outcome: "applied"}
	if _, err := tr.Sync(ctx, applied); err != nil {
		t.Fatal(err)
	}
	checkFits(t, gh)
}

// The job summary carries the full report as far as GitHub's 1 MiB allows,
// for every environment together.
func TestSummaryOfThousandsOfResourcesFitsOneMiB(t *testing.T) {
	rep := &fakeReporter{outputs: map[string]string{}}
	r := &Reconciler{Report: rep, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	var reports []*EnvReport
	for _, env := range []string{"dev", "staging", "prod"} {
		er := manyDrifted(t, time.Now(), 0, 3000)
		er.Environment = env
		for i := range 400 {
			er.Incidents = append(er.Incidents, Incident{Number: i + 1, Title: strings.Repeat("t", 256), URL: "https://github.com/o/r/issues/1", State: "open"})
		}
		reports = append(reports, er)
	}
	r.output(reports, nil, nil)
	if n := rep.summary.Len(); n > report.SummaryLimit {
		t.Errorf("summary of %d bytes, over %d", n, report.SummaryLimit)
	}
	if !strings.Contains(rep.summary.String(), "## Drift in `prod`") {
		t.Error("the last environment was crowded out of the summary")
	}
}
