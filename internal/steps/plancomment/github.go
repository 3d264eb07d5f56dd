package plancomment

import (
	"context"
	"fmt"
	"net/http"

	"github.com/google/go-github/v90/github"
)

// PRComments are a pull request's comments through go-github.
type PRComments struct {
	Client      *github.Client
	Owner, Repo string
	Number      int
}

func convert(c *github.IssueComment) Comment {
	return Comment{ID: c.GetID(), Body: c.GetBody(), URL: c.GetHTMLURL(), Author: c.GetUser().GetLogin()}
}

func (p *PRComments) List(ctx context.Context) ([]Comment, error) {
	var out []Comment
	opts := &github.IssueListCommentsOptions{ListOptions: github.ListOptions{PerPage: 100}}
	for c, err := range p.Client.Issues.ListCommentsIter(ctx, p.Owner, p.Repo, p.Number, opts) {
		if err != nil {
			return nil, err
		}
		out = append(out, convert(c))
	}
	return out, nil
}

func (p *PRComments) Get(ctx context.Context, id int64) (Comment, error) {
	c, _, err := p.Client.Issues.GetComment(ctx, p.Owner, p.Repo, id)
	if err != nil {
		return Comment{}, err
	}
	return convert(c), nil
}

func (p *PRComments) Create(ctx context.Context, body string) (Comment, error) {
	c, resp, err := p.Client.Issues.CreateComment(ctx, p.Owner, p.Repo, p.Number, &github.IssueComment{Body: &body})
	if err != nil {
		// No answer, or a server error: the comment may have been made.
		if resp == nil || resp.StatusCode >= http.StatusInternalServerError {
			return Comment{}, fmt.Errorf("%w: %w", ErrUnsure, err)
		}
		return Comment{}, err
	}
	return convert(c), nil
}

func (p *PRComments) Edit(ctx context.Context, id int64, body string) (Comment, error) {
	c, _, err := p.Client.Issues.EditComment(ctx, p.Owner, p.Repo, id, &github.IssueComment{Body: &body})
	if err != nil {
		return Comment{}, err
	}
	return convert(c), nil
}

func (p *PRComments) Delete(ctx context.Context, id int64) error {
	_, err := p.Client.Issues.DeleteComment(ctx, p.Owner, p.Repo, id)
	return err
}
