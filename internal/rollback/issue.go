package rollback

import (
	"context"

	"github.com/google/go-github/v90/github"
)

func createIssue(ctx context.Context, c *github.Client, owner, repo, title, body string) (string, error) {
	is, _, err := c.Issues.Create(ctx, owner, repo, github.CreateIssueRequest{Title: title, Body: &body, Labels: []string{"incident"}})
	if err != nil {
		return "", err
	}
	return is.GetHTMLURL(), nil
}
