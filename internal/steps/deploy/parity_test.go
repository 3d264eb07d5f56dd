package deploy

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy/parity"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// The pure verdict of plan parity: what refuses, what warns, what is
// applied and how each is said.
func TestJudgeParity(t *testing.T) {
	warn := Parity{Check: true, Unreviewed: parity.UnreviewedWarn}
	refuse := Parity{Check: true, Unreviewed: parity.UnreviewedRefuse}
	allow := Parity{Check: true, Unreviewed: parity.UnreviewedRefuse, AllowUnreviewed: true, Reason: "hotfix during incident 12"}
	pr := Review{PR: 12, URL: "https://github.com/o/r/pull/12", Comment: "body"}
	destroy := parity.Comparison{Detail: parity.Attributes, Differences: []parity.Difference{
		{Kind: parity.UnreviewedDestroy, Address: "localcloud_service.worker", Fresh: "delete"},
		{Kind: parity.ValuesDiffer, Address: "localcloud_service.api", Reviewed: "update", Fresh: "update"}}}
	values := parity.Comparison{Detail: parity.Attributes, Differences: []parity.Difference{
		{Kind: parity.ValuesDiffer, Address: "localcloud_service.api", Reviewed: "update", Fresh: "update",
			Attributes: []parity.AttributeDifference{{Path: "env.LOG_LEVEL"}}}}}
	for _, tc := range []struct {
		desc      string
		p         Parity
		r         Review
		lookupErr error
		found     bool
		findErr   error
		c         parity.Comparison
		refused   bool
		warns     bool
		override  bool
		say       []string
	}{
		{desc: "the same change set", p: refuse, r: pr, found: true, c: parity.Comparison{Exact: true},
			say: []string{"applies exactly what was reviewed in [#12](https://github.com/o/r/pull/12)"}},
		{desc: "an unreviewed destroy", p: warn, r: pr, found: true, c: destroy, refused: true,
			say: []string{"localcloud_service.worker: delete, reviewed as no change", "**not reviewed**", "#12", "allow-unreviewed", "Re-run the plan of #12"}},
		{desc: "an unreviewed destroy, allowed", p: allow, r: pr, found: true, c: destroy, override: true,
			say: []string{"hotfix during incident 12", "incident record"}},
		{desc: "values only", p: refuse, r: pr, found: true, c: values,
			say: []string{"with 1 difference(s)", "localcloud_service.api: values differ from the reviewed plan: env.LOG_LEVEL", "| applied |"}},
		{desc: "a direct push in dev", p: warn, r: Review{}, warns: true, say: []string{"no pull request was merged as 0123456789ab (a direct push)", "unreviewed is warn"}},
		{desc: "a direct push in staging", p: refuse, r: Review{}, refused: true, say: []string{"a direct push", "Merge changes through a pull request"}},
		{desc: "a direct push, allowed", p: allow, r: Review{}, override: true, say: []string{"a direct push", "hotfix during incident 12"}},
		{desc: "no record of the environment", p: refuse, r: pr, refused: true, say: []string{"#12 has no reviewed change set of dev"}},
		{desc: "no record of the environment in dev", p: warn, r: pr, warns: true, say: []string{"#12 has no reviewed change set of dev"}},
		{desc: "a record that cannot be read refuses even under warn", p: warn, r: pr, found: true, findErr: errors.New("two records"), refused: true,
			say: []string{"cannot be read: two records"}},
		{desc: "pull requests unreadable", p: warn, lookupErr: errors.New("403 Resource not accessible"), warns: true,
			say: []string{"could not be read (403 Resource not accessible)"}},
	} {
		v := judgeParity(tc.p, "dev", "0123456789abcdef", tc.r, tc.lookupErr, tc.found, tc.findErr, tc.c)
		if (v.Refusal != nil) != tc.refused || (v.Warning != "") != tc.warns || v.Overridden != tc.override {
			t.Errorf("%s: refusal %v, warning %q, overridden %v", tc.desc, v.Refusal, v.Warning, v.Overridden)
			continue
		}
		if v.Refusal != nil && step.ExitCode(v.Refusal) != step.ExitVerdict {
			t.Errorf("%s: exit %d, want a verdict", tc.desc, step.ExitCode(v.Refusal))
		}
		all := v.Markdown + v.Warning
		if v.Refusal != nil {
			all += v.Refusal.Error()
		}
		for _, s := range tc.say {
			if !strings.Contains(all, s) {
				t.Errorf("%s: does not say %q:\n%s", tc.desc, s, all)
			}
		}
	}
}

// The review is the pull request merged as the commit, else the one
// merged last that holds it; an open one is never the review.
func TestMergedAs(t *testing.T) {
	at := func(h int) *github.Timestamp {
		return &github.Timestamp{Time: time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC)}
	}
	pr := func(n int, merged *github.Timestamp, mergeSHA string) *github.PullRequest {
		return &github.PullRequest{Number: github.Ptr(n), MergedAt: merged, MergeCommitSHA: github.Ptr(mergeSHA)}
	}
	for _, tc := range []struct {
		prs  []*github.PullRequest
		want int
	}{
		{nil, 0},
		{[]*github.PullRequest{pr(1, nil, "abc")}, 0},
		{[]*github.PullRequest{pr(1, at(1), "other"), pr(2, at(2), "abc"), pr(3, at(3), "more")}, 2},
		{[]*github.PullRequest{pr(1, at(1), "x"), pr(3, at(3), "y"), pr(4, nil, "")}, 3},
	} {
		got := mergedAs(tc.prs, "abc")
		if (got == nil && tc.want != 0) || (got != nil && got.GetNumber() != tc.want) {
			t.Errorf("%d pull requests: got %v, want #%d", len(tc.prs), got.GetNumber(), tc.want)
		}
	}
}

// Parity is checked on the default branch only: a push to it, or a
// dispatch on it, named by the event or, without one, the first allowed
// ref.
func TestDefaultBranchRun(t *testing.T) {
	allowed := []string{"refs/heads/main"}
	trunk := []byte(`{"repository": {"default_branch": "trunk"}}`)
	for _, tc := range []struct {
		event, ref string
		payload    []byte
		want       bool
	}{
		{"push", "refs/heads/main", nil, true},
		{"workflow_dispatch", "refs/heads/main", nil, true},
		{"push", "refs/heads/feature", nil, false},
		{"pull_request", "refs/heads/main", nil, false},
		{"push", "refs/heads/trunk", trunk, true},
		{"push", "refs/heads/main", trunk, false},
		{"", "", nil, false},
	} {
		gh := step.GitHub{EventName: tc.event, Ref: tc.ref, Event: tc.payload}
		if got := defaultBranchRun(gh, allowed); got != tc.want {
			t.Errorf("%s on %s (%s): %v, want %v", tc.event, tc.ref, tc.payload, got, tc.want)
		}
	}
}
