package githubapi

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// Deployment is one of olympus deploy's GitHub deployments.
type Deployment struct {
	ID      int64
	SHA     string
	Created time.Time
	Payload json.RawMessage
}

// Repo names a repository and the login its token acts as (Login): the
// creator GitHub records on the deployments that token makes.
type Repo struct {
	Owner, Name string
	Self        string
}

// Ours lists env's deployments with task policy.DeploymentTask that were
// created by r.Self, newest first, from one page of the newest 100 (sha
// narrows them to one commit when not empty). Ignored says which
// deployments of our task were not counted, and why: any token with
// deployments: write can create one with our task, so only the ones our
// own identity made may open a gate or name a known-good revision.
func Ours(ctx context.Context, c *github.Client, r Repo, env, sha string) (ours []Deployment, ignored []string, err error) {
	// Only deployments with our task count: GitHub's automatic ones are
	// listed with task "deploy".
	opts := &github.DeploymentsListOptions{SHA: sha, Environment: env, Task: policy.DeploymentTask, ListOptions: github.ListOptions{PerPage: 100}}
	deps, _, err := c.Repositories.ListDeployments(ctx, r.Owner, r.Name, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to list the %s deployments: %w", env, err)
	}
	for _, d := range deps {
		if d.GetTask() != policy.DeploymentTask || d.GetEnvironment() != env {
			continue
		}
		if creator := d.GetCreator().GetLogin(); !strings.EqualFold(creator, r.Self) {
			if creator == "" {
				creator = "no one GitHub names"
			}
			ignored = append(ignored, fmt.Sprintf("deployment %d was created by %s, not by %s", d.GetID(), creator, r.Self))
			continue
		}
		ours = append(ours, Deployment{ID: d.GetID(), SHA: d.GetSHA(), Created: d.GetCreatedAt().Time, Payload: d.Payload})
	}
	return ours, ignored, nil
}

// LatestState is the state of a deployment's latest status, "" with none.
func LatestState(ctx context.Context, c *github.Client, r Repo, id int64) (string, error) {
	// Statuses are listed newest first: the first is the current one.
	sts, _, err := c.Repositories.ListDeploymentStatuses(ctx, r.Owner, r.Name, id, &github.ListOptions{PerPage: 1})
	if err != nil {
		return "", fmt.Errorf("failed to read the statuses of deployment %d: %w", id, err)
	}
	if len(sts) == 0 {
		return "", nil
	}
	return sts[0].GetState(), nil
}

// Verified is a deployment whose checks passed, with its record.
type Verified struct {
	Deployment
	Record policy.DeploymentRecord
}

// maxStatusReads bounds the status reads of LastVerified: an emergency
// path must not walk a long history one call at a time.
const maxStatusReads = 10

// LastVerified finds the newest of our deployments of env (Ours) whose
// payload holds a verified record that wants accepts (one that names the
// service, say) and whose latest status is success. Payloads are judged
// before any status is read, and at most 10 statuses are. found is false
// when there is none; why then says what was seen, for the record.
func LastVerified(ctx context.Context, c *github.Client, r Repo, env string, wants func(policy.DeploymentRecord) bool) (v Verified, found bool, why string, err error) {
	ours, ignored, err := Ours(ctx, c, r, env, "")
	if err != nil {
		return Verified{}, false, "", err
	}
	var seen []string
	reads := 0
	for _, d := range ours {
		rec, ok, perr := policy.ParseDeploymentPayload(d.Payload)
		switch {
		case perr != nil:
			seen = append(seen, fmt.Sprintf("deployment %d: %v", d.ID, perr))
			continue
		case !ok || !rec.Verified || !wants(rec):
			continue
		case reads == maxStatusReads:
			seen = append(seen, fmt.Sprintf("stopped after the statuses of %d verified deployments", reads))
			return Verified{}, false, summarise(len(ours), ignored, seen), nil
		}
		reads++
		state, err := LatestState(ctx, c, r, d.ID)
		if err != nil {
			return Verified{}, false, "", err
		}
		if state == "success" {
			return Verified{Deployment: d, Record: rec}, true, "", nil
		}
		seen = append(seen, fmt.Sprintf("deployment %d is verified but its latest status is %q", d.ID, state))
	}
	return Verified{}, false, summarise(len(ours), ignored, seen), nil
}

// summarise says what a search saw, briefly.
func summarise(ours int, ignored, seen []string) string {
	s := fmt.Sprintf("%d deployments of ours read", ours)
	if len(ignored) > 0 {
		s += fmt.Sprintf(", %d of our task ignored (%s)", len(ignored), first(ignored, 3))
	}
	if len(seen) > 0 {
		s += "; " + first(seen, 3)
	}
	return s
}

// first joins the first n items and counts the rest.
func first(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, "; ")
	}
	return fmt.Sprintf("%s; and %d more", strings.Join(items[:n], "; "), len(items)-n)
}
