package githubapi

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/google/go-github/v90/github"
)

// Login returns the login the client's token acts as, so that a step
// edits only the comments and issues it wrote: anyone can write a comment
// that carries our hidden marker.
//
// REST's GET /user answers for a personal or OAuth token; it refuses
// installation tokens (GITHUB_TOKEN, GitHub Apps) with 403, so those are
// asked through GraphQL's viewer, which names the app's bot
// (github-actions[bot] for GITHUB_TOKEN).
func Login(ctx context.Context, c *github.Client) (string, error) {
	u, resp, err := c.Users.Get(ctx, "")
	if err == nil && u.GetLogin() != "" {
		return u.GetLogin(), nil
	}
	if resp == nil || (resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusNotFound) {
		return "", fmt.Errorf("failed to read who the token acts as: %w", err)
	}
	// The query reads only: it is safe to repeat.
	req, err := c.NewRequest(Repeatable(ctx), http.MethodPost, graphqlURL(c), map[string]string{"query": "query { viewer { login } }"})
	if err != nil {
		return "", fmt.Errorf("failed to read who the token acts as: %w", err)
	}
	var out struct {
		Data struct {
			Viewer struct {
				Login string `json:"login"`
			} `json:"viewer"`
		} `json:"data"`
		Errors []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	if _, err := c.Do(req, &out); err != nil {
		return "", fmt.Errorf("failed to read who the token acts as: %w", err)
	}
	if out.Data.Viewer.Login == "" {
		msg := "no login in the answer"
		if len(out.Errors) > 0 {
			msg = out.Errors[0].Message
		}
		return "", fmt.Errorf("failed to read who the token acts as: %s", msg)
	}
	return out.Data.Viewer.Login, nil
}

// graphqlURL is the GraphQL endpoint beside the REST base: api.github.com
// serves /graphql, GitHub Enterprise Server /api/graphql beside /api/v3.
func graphqlURL(c *github.Client) string {
	base := c.BaseURL()
	if strings.HasSuffix(base, "/api/v3/") {
		return strings.TrimSuffix(base, "v3/") + "graphql"
	}
	return base + "graphql"
}
