package fakegithub

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v90/github"
)

// client is a real go-github client pointed at the fake: if go-github can
// use the fake, the fake speaks GitHub's protocol where it matters to us.
func client(t *testing.T, s *Server, token string) *github.Client {
	t.Helper()
	base := s.URL + "/"
	c, err := github.NewClient(github.WithAuthToken(token), github.WithURLs(&base, &base))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestCommentsRoundTripWithPagination(t *testing.T) {
	ctx := context.Background()
	s := New(t, "tok")
	c := client(t, s, "tok")
	for i := range 35 {
		s.AddComment(7, "alice", strings.Repeat("x", i+1))
	}
	created, _, err := c.Issues.CreateComment(ctx, "o", "r", 7, &github.IssueComment{Body: github.Ptr("<!-- marker --> hello")})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Issues.EditComment(ctx, "o", "r", created.GetID(), &github.IssueComment{Body: github.Ptr("<!-- marker --> edited")}); err != nil {
		t.Fatal(err)
	}
	var all []*github.IssueComment
	for cm, err := range c.Issues.ListCommentsIter(ctx, "o", "r", 7, &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 10}}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, cm)
	}
	if len(all) != 36 || all[35].GetBody() != "<!-- marker --> edited" || all[35].GetUser().GetLogin() != "github-actions[bot]" {
		t.Fatalf("listed %d comments, last %q", len(all), all[len(all)-1].GetBody())
	}
	if _, _, err := c.Issues.CreateComment(ctx, "o", "r", 7, &github.IssueComment{Body: github.Ptr(strings.Repeat("y", 65537))}); err == nil {
		t.Error("a body over 65,536 characters was accepted")
	}
}

func TestDeploymentsAndStatuses(t *testing.T) {
	ctx := context.Background()
	s := New(t, "tok")
	c := client(t, s, "tok")
	s.AddDeployment("aaa", "refs/heads/main", "dev", "success")
	d, _, err := c.Repositories.CreateDeployment(ctx, "o", "r", github.DeploymentRequest{
		Ref: "refs/heads/main", Environment: github.Ptr("staging"), AutoMerge: github.Ptr(false), RequiredContexts: []string{},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, state := range []string{"in_progress", "success"} {
		if _, _, err := c.Repositories.CreateDeploymentStatus(ctx, "o", "r", d.GetID(), github.DeploymentStatusRequest{State: state, LogURL: github.Ptr("https://run")}); err != nil {
			t.Fatal(err)
		}
	}
	list, _, err := c.Repositories.ListDeployments(ctx, "o", "r", &github.DeploymentsListOptions{SHA: "aaa", Environment: "dev"})
	if err != nil || len(list) != 1 {
		t.Fatalf("filtered list: %v, %d deployments", err, len(list))
	}
	sts, _, err := c.Repositories.ListDeploymentStatuses(ctx, "o", "r", d.GetID(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{sts[0].GetState(), sts[1].GetState()}; !cmp.Equal(got, []string{"success", "in_progress"}) {
		t.Errorf("statuses newest first = %v", got)
	}
	if _, _, err := c.Repositories.CreateDeploymentStatus(ctx, "o", "r", d.GetID(), github.DeploymentStatusRequest{State: "done"}); err == nil {
		t.Error("an unknown state was accepted")
	}
}

func TestIssuesByLabelAndCompare(t *testing.T) {
	ctx := context.Background()
	s := New(t, "tok")
	c := client(t, s, "tok")
	if _, _, err := c.Issues.Create(ctx, "o", "r", github.CreateIssueRequest{Title: "drift", Labels: []string{"drift"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Issues.Create(ctx, "o", "r", github.CreateIssueRequest{Title: "other"}); err != nil {
		t.Fatal(err)
	}
	got, _, err := c.Issues.ListByRepo(ctx, "o", "r", &github.IssueListByRepoOptions{Labels: []string{"drift"}})
	if err != nil || len(got) != 1 || got[0].GetTitle() != "drift" {
		t.Fatalf("by label: %v %v", err, got)
	}
	if _, _, err := c.Issues.Update(ctx, "o", "r", got[0].GetNumber(), github.UpdateIssueRequest{State: github.Ptr("closed")}); err != nil {
		t.Fatal(err)
	}
	if open, _, _ := c.Issues.ListByRepo(ctx, "o", "r", &github.IssueListByRepoOptions{Labels: []string{"drift"}}); len(open) != 0 {
		t.Errorf("closed issue still listed as open")
	}
	s.SetCompare("aaa", "bbb", Compare{Status: "ahead", AheadBy: 2})
	cmpRes, _, err := c.Repositories.CompareCommits(ctx, "o", "r", "aaa", "bbb", nil)
	if err != nil || cmpRes.GetStatus() != "ahead" || cmpRes.GetAheadBy() != 2 {
		t.Fatalf("compare: %v %+v", err, cmpRes)
	}
}

func TestFaultsAndAuth(t *testing.T) {
	ctx := context.Background()
	s := New(t, "tok")
	if _, _, err := client(t, s, "wrong").Issues.ListComments(ctx, "o", "r", 1, nil); err == nil {
		t.Error("a wrong token was accepted")
	}
	c := client(t, s, "tok")
	s.Inject(Fault{Method: http.MethodGet, PathPrefix: "/repos/o/r/issues/1/comments", Status: http.StatusBadGateway, Times: 1})
	_, resp, err := c.Issues.ListComments(ctx, "o", "r", 1, nil)
	if err == nil || resp.StatusCode != http.StatusBadGateway {
		t.Fatalf("injected 502: err %v", err)
	}
	if _, _, err := c.Issues.ListComments(ctx, "o", "r", 1, nil); err != nil {
		t.Fatalf("fault not spent after one use: %v", err)
	}
	s.Inject(SecondaryRateLimit("/repos/o/r/issues", 3, 1))
	_, _, err = c.Issues.CreateComment(ctx, "o", "r", 1, &github.IssueComment{Body: github.Ptr("x")})
	var rl *github.AbuseRateLimitError
	if !errors.As(err, &rl) || rl.GetRetryAfter() != 3*time.Second {
		t.Fatalf("secondary rate limit not recognised by go-github: %T %v", err, err)
	}
	var posts int
	for _, r := range s.Requests() {
		if r.Method == http.MethodPost {
			posts++
		}
	}
	if posts != 1 {
		t.Errorf("recorded %d POSTs, want 1", posts)
	}
}

func TestIssuesLifecycleAndFilters(t *testing.T) {
	ctx := context.Background()
	s := New(t, "tok")
	c := client(t, s, "tok")
	old := s.AddIssue("mallory", "forged", "<!-- marker -->", "drift")
	s.SetIssueTimes(old, time.Now().Add(-48*time.Hour), time.Now().Add(-48*time.Hour))
	is, _, err := c.Issues.Create(ctx, "o", "r", github.CreateIssueRequest{Title: "drift in dev", Body: github.Ptr("<!-- marker -->"), Labels: []string{"drift"}})
	if err != nil {
		t.Fatal(err)
	}
	if is.GetUser().GetLogin() != "github-actions[bot]" || is.GetCreatedAt().IsZero() || is.ClosedAt != nil {
		t.Errorf("created %+v", is)
	}
	closed, _, err := c.Issues.Update(ctx, "o", "r", is.GetNumber(), github.UpdateIssueRequest{State: github.Ptr("closed")})
	if err != nil || closed.GetState() != "closed" || closed.ClosedAt == nil || closed.GetStateReason() != "completed" {
		t.Fatalf("closed %+v %v", closed, err)
	}
	reopened, _, err := c.Issues.Update(ctx, "o", "r", is.GetNumber(), github.UpdateIssueRequest{State: github.Ptr("open")})
	if err != nil || reopened.ClosedAt != nil || reopened.GetStateReason() != "reopened" {
		t.Fatalf("reopened %+v %v", reopened, err)
	}
	list := func(opts *github.IssueListByRepoOptions) []int {
		got, _, err := c.Issues.ListByRepo(ctx, "o", "r", opts)
		if err != nil {
			t.Fatal(err)
		}
		var out []int
		for _, i := range got {
			out = append(out, i.GetNumber())
		}
		return out
	}
	if got := list(&github.IssueListByRepoOptions{State: "all", Labels: []string{"drift"}}); !cmp.Equal(got, []int{2, 1}) {
		t.Errorf("all drift issues %v", got)
	}
	if got := list(&github.IssueListByRepoOptions{State: "all", Creator: "github-actions[bot]"}); !cmp.Equal(got, []int{2}) {
		t.Errorf("by creator %v", got)
	}
	if got := list(&github.IssueListByRepoOptions{State: "all", Since: time.Now().Add(-time.Hour)}); !cmp.Equal(got, []int{2}) {
		t.Errorf("since an hour ago %v", got)
	}
	if _, _, err := c.Issues.Update(ctx, "o", "r", 2, github.UpdateIssueRequest{Body: github.Ptr(strings.Repeat("z", 65537))}); err == nil {
		t.Error("an issue body over 65,536 characters was accepted")
	}
}

func TestUserIsTheTokensIdentity(t *testing.T) {
	ctx := context.Background()
	s := New(t, "tok")
	c := client(t, s, "tok")
	_, resp, err := c.Users.Get(ctx, "")
	if err == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("GITHUB_TOKEN's GET /user: %v", err)
	}
	s.Login = "release-bot"
	u, _, err := c.Users.Get(ctx, "")
	if err != nil || u.GetLogin() != "release-bot" {
		t.Errorf("personal token's GET /user: %v %v", u, err)
	}
}
