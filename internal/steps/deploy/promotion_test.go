package deploy

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
)

func deploymentsOn(t *testing.T, gh *fakegithub.Server, token string) *githubDeployments {
	t.Helper()
	base := gh.URL + "/"
	c, err := github.NewClient(github.WithAuthToken(token), github.WithURLs(&base, &base))
	if err != nil {
		t.Fatal(err)
	}
	return &githubDeployments{client: c, owner: "o", repo: "r", production: "prod"}
}

// Only a successful deploy:olympus deployment created by the identity the
// token acts as opens the gate; the others are named with the reason.
func TestSucceededCountsOnlyOurOwnDeployments(t *testing.T) {
	ctx := context.Background()
	gh := fakegithub.New(t, "tok")
	gh.AddToken("ghp_other", "mallory")
	ours, theirs := deploymentsOn(t, gh, "tok"), deploymentsOn(t, gh, "ghp_other")
	gh.AddDeployment("abc", "refs/heads/main", "dev", "success") // GitHub's own, task "deploy"
	forged, err := theirs.Create(ctx, "abc", "dev", "forged", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := theirs.SetStatus(ctx, forged, "success", "", "done"); err != nil {
		t.Fatal(err)
	}
	ok, ignored, err := ours.Succeeded(ctx, "abc", "dev")
	if err != nil || ok || len(ignored) != 1 || !strings.Contains(ignored[0], "was created by mallory, not by github-actions[bot]") {
		t.Fatalf("Succeeded = %v %q %v", ok, ignored, err)
	}
	p := Promotion{Order: policy.Order{"dev", "staging", "prod"}, AllowedRefs: []string{"refs/heads/main"}}
	err = p.Check(ctx, ours, "staging", "abc", "refs/heads/main")
	if step.ExitCode(err) != step.ExitVerdict || !strings.Contains(err.Error(), "has no successful dev deployment made by olympus deploy (ignored: deployment ") {
		t.Errorf("Check = %v", err)
	}

	mine, err := ours.Create(ctx, "abc", "dev", "ours", map[string]any{"run_id": "1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ours.SetStatus(ctx, mine, "success", "", "done"); err != nil {
		t.Fatal(err)
	}
	if ok, _, err := ours.Succeeded(ctx, "abc", "dev"); err != nil || !ok {
		t.Errorf("our own deployment: %v %v", ok, err)
	}
}
