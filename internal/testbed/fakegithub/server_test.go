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

// A deployment, issue or comment is created by whoever the token used
// belongs to, as GitHub records it: another user's token is another
// creator.
func TestCreatorIsTheTokensIdentity(t *testing.T) {
	ctx := context.Background()
	s := New(t, "tok")
	s.AddToken("ghp_mallory", "mallory")
	ours, other := client(t, s, "tok"), client(t, s, "ghp_mallory")
	req := github.DeploymentRequest{Ref: "main", Task: github.Ptr("deploy:olympus"), Environment: github.Ptr("dev"), RequiredContexts: []string{}}
	mine, _, err := ours.Repositories.CreateDeployment(ctx, "o", "r", req)
	if err != nil {
		t.Fatal(err)
	}
	theirs, _, err := other.Repositories.CreateDeployment(ctx, "o", "r", req)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{mine.GetCreator().GetLogin(), theirs.GetCreator().GetLogin()}; !cmp.Equal(got, []string{"github-actions[bot]", "mallory"}) {
		t.Errorf("creators %v", got)
	}
	listed, _, err := ours.Repositories.ListDeployments(ctx, "o", "r", nil)
	if err != nil || len(listed) != 2 || listed[0].GetCreator().GetLogin() != "mallory" {
		t.Fatalf("listed %v %v", listed, err)
	}
	cm, _, err := other.Issues.CreateComment(ctx, "o", "r", 1, &github.IssueComment{Body: github.Ptr("x")})
	if err != nil || cm.GetUser().GetLogin() != "mallory" {
		t.Errorf("comment by %v %v", cm.GetUser().GetLogin(), err)
	}
	is, _, err := other.Issues.Create(ctx, "o", "r", github.CreateIssueRequest{Title: "x"})
	if err != nil || is.GetUser().GetLogin() != "mallory" {
		t.Errorf("issue by %v %v", is.GetUser().GetLogin(), err)
	}
	u, _, err := other.Users.Get(ctx, "")
	if err != nil || u.GetLogin() != "mallory" {
		t.Errorf("GET /user with mallory's token: %v %v", u, err)
	}
}

// GitHub counts characters, not bytes, and answers a body over 65,536 of
// them with 422 Validation Failed, on issues and comments alike.
func TestBodiesAreLimitedTo65536Characters(t *testing.T) {
	ctx := context.Background()
	s := New(t, "tok")
	c := client(t, s, "tok")
	fits := strings.Repeat("é", 65536) // 131,072 bytes
	over := fits + "x"
	is, _, err := c.Issues.Create(ctx, "o", "r", github.CreateIssueRequest{Title: "t", Body: &fits})
	if err != nil {
		t.Fatalf("65,536 characters: %v", err)
	}
	cm, _, err := c.Issues.CreateComment(ctx, "o", "r", is.GetNumber(), &github.IssueComment{Body: &fits})
	if err != nil {
		t.Fatalf("a comment of 65,536 characters: %v", err)
	}
	for name, call := range map[string]func() (*github.Response, error){
		"create issue": func() (*github.Response, error) {
			_, r, err := c.Issues.Create(ctx, "o", "r", github.CreateIssueRequest{Title: "t", Body: &over})
			return r, err
		},
		"edit issue": func() (*github.Response, error) {
			_, r, err := c.Issues.Update(ctx, "o", "r", is.GetNumber(), github.UpdateIssueRequest{Body: &over})
			return r, err
		},
		"create comment": func() (*github.Response, error) {
			_, r, err := c.Issues.CreateComment(ctx, "o", "r", is.GetNumber(), &github.IssueComment{Body: &over})
			return r, err
		},
		"edit comment": func() (*github.Response, error) {
			_, r, err := c.Issues.EditComment(ctx, "o", "r", cm.GetID(), &github.IssueComment{Body: &over})
			return r, err
		},
	} {
		resp, err := call()
		var ge *github.ErrorResponse
		if !errors.As(err, &ge) || resp.StatusCode != http.StatusUnprocessableEntity || len(ge.Errors) != 1 ||
			ge.Errors[0].Field != "body" || !strings.Contains(ge.Errors[0].Message, "maximum is 65536 characters") {
			t.Errorf("%s with 65,537 characters: %v", name, err)
		}
	}
}

// A GraphQL query is a read, though sent as a POST.
func TestWritesLeaveOutReads(t *testing.T) {
	ctx := context.Background()
	s := New(t, "tok")
	c := client(t, s, "tok")
	req, err := c.NewRequest(ctx, http.MethodPost, "graphql", map[string]string{"query": "query { viewer { login } }"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(req, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Issues.CreateComment(ctx, "o", "r", 1, &github.IssueComment{Body: github.Ptr("x")}); err != nil {
		t.Fatal(err)
	}
	if w := s.Writes(); len(w) != 1 || w[0].Path != "/repos/o/r/issues/1/comments" {
		t.Errorf("writes %+v", w)
	}
}
