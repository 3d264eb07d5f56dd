package sqlrecover

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/step"
)

// recorder files the record: outside Actions as
// incident-<instance>-<time>.md in the working directory, and as a GitHub
// issue labelled incident when a token and repository are known.
func recorder(env *step.Env, cfg Config) func(ctx context.Context, title, body string) error {
	return func(ctx context.Context, title, body string) error {
		var errs []error
		if !env.GitHub.Actions {
			name := fmt.Sprintf("incident-%s-%s.md", cfg.Instance, cfg.Now().UTC().Format("20060102T150405Z"))
			if err := os.WriteFile(env.Path(name), []byte(body), 0o644); err != nil {
				errs = append(errs, fmt.Errorf("failed to write %s: %w", name, err))
			} else {
				env.Log().Info("incident record written", "file", name)
			}
		}
		if env.GitHub.Token != "" && env.GitHub.Repository != "" {
			client, err := githubapi.New(env.GitHub, env.Log(), githubapi.Options{})
			if err != nil {
				return errors.Join(append(errs, err)...)
			}
			owner, repo, _ := strings.Cut(env.GitHub.Repository, "/")
			is, _, err := client.Issues.Create(ctx, owner, repo, github.CreateIssueRequest{Title: title, Body: &body, Labels: []string{"incident"}})
			if err != nil {
				errs = append(errs, fmt.Errorf("failed to open the incident issue: %w", err))
			} else {
				env.Log().Info("incident issue opened", "url", is.GetHTMLURL())
			}
		}
		return errors.Join(errs...)
	}
}
