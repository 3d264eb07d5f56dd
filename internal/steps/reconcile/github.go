package reconcile

import (
	"context"
	"time"

	"github.com/google/go-github/v90/github"
)

// repoIssues implements Issues with go-github.
type repoIssues struct {
	client      *github.Client
	owner, repo string
}

func convertIssue(i *github.Issue) Issue {
	out := Issue{Number: i.GetNumber(), Title: i.GetTitle(), Body: i.GetBody(), URL: i.GetHTMLURL(), State: i.GetState(),
		Author: i.GetUser().GetLogin(), Created: i.GetCreatedAt().Time, PullRequest: i.PullRequestLinks != nil}
	if i.ClosedAt != nil {
		out.Closed = i.GetClosedAt().Time
	}
	return out
}

func (g *repoIssues) List(ctx context.Context, label string, since time.Time) ([]Issue, error) {
	opts := &github.IssueListByRepoOptions{State: "all", Labels: []string{label}, Since: since, ListOptions: github.ListOptions{PerPage: 100}}
	var out []Issue
	for i, err := range g.client.Issues.ListByRepoIter(ctx, g.owner, g.repo, opts) {
		if err != nil {
			return nil, err
		}
		out = append(out, convertIssue(i))
	}
	return out, nil
}

func (g *repoIssues) Get(ctx context.Context, number int) (Issue, error) {
	i, _, err := g.client.Issues.Get(ctx, g.owner, g.repo, number)
	if err != nil {
		return Issue{}, err
	}
	return convertIssue(i), nil
}

func (g *repoIssues) Create(ctx context.Context, title, body string, labels []string) (Issue, error) {
	i, _, err := g.client.Issues.Create(ctx, g.owner, g.repo, github.CreateIssueRequest{Title: title, Body: &body, Labels: labels})
	if err != nil {
		return Issue{}, err
	}
	return convertIssue(i), nil
}

func (g *repoIssues) Update(ctx context.Context, number int, u IssueUpdate) (Issue, error) {
	i, _, err := g.client.Issues.Update(ctx, g.owner, g.repo, number, github.UpdateIssueRequest{
		Title: u.Title, Body: u.Body, State: u.State, StateReason: u.StateReason, Labels: u.Labels})
	if err != nil {
		return Issue{}, err
	}
	return convertIssue(i), nil
}

func (g *repoIssues) Comment(ctx context.Context, number int, body string) error {
	_, _, err := g.client.Issues.CreateComment(ctx, g.owner, g.repo, number, &github.IssueComment{Body: &body})
	return err
}

// ActionsBot is the login GITHUB_TOKEN acts as.
const ActionsBot = "github-actions[bot]"
