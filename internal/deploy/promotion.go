package deploy

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/policy"
	"github.com/olympus-cloud/deploy-actions/internal/step"
)

// Deployments are the repository's GitHub deployments, owner and name
// bound in.
type Deployments interface {
	// Succeeded reports whether sha has a deployment to env whose latest
	// status is success.
	Succeeded(ctx context.Context, sha, env string) (bool, error)
	Create(ctx context.Context, sha, env, description string) (int64, error)
	SetStatus(ctx context.Context, id int64, state, logURL, description string) error
}

// Task marks the deployments this project creates. GitHub also creates
// deployments of its own (task "deploy") for every job that names an
// environment, a rollback or a plan job for example; only ours, made after
// a successful apply path, may satisfy the promotion gate.
const Task = "deploy:olympus"

// Promotion is the order environments are deployed in and the refs that
// may deploy beyond the first.
type Promotion struct {
	Order       policy.Order
	AllowedRefs []string
}

// Check refuses a deploy that skips a step of the promotion: environments
// after the first deploy only from an allowed ref, and only a commit that
// already succeeded in the previous environment.
func (p Promotion) Check(ctx context.Context, d Deployments, env, sha, ref string) error {
	if err := p.Order.Check("environment", env); err != nil {
		return err
	}
	prev := p.Order.Previous(env)
	if prev == "" {
		return nil
	}
	if !slices.Contains(p.AllowedRefs, ref) {
		return step.Refusef("%s deploys only from %v; this run is on %q", env, p.AllowedRefs, ref)
	}
	ok, err := d.Succeeded(ctx, sha, prev)
	if err != nil {
		return fmt.Errorf("failed to check the %s deployments of %s: %w", prev, sha, err)
	}
	if !ok {
		return step.Refusef("%s has no successful %s deployment made by olympus deploy; deploy it to %s first", sha, prev, prev)
	}
	return nil
}

// githubDeployments implements Deployments with go-github.
type githubDeployments struct {
	client      *github.Client
	owner, repo string
	production  string
}

func (g *githubDeployments) Succeeded(ctx context.Context, sha, env string) (bool, error) {
	// Only deployments with our task count: GitHub's automatic ones are
	// listed with task "deploy".
	opts := &github.DeploymentsListOptions{SHA: sha, Environment: env, Task: Task, ListOptions: github.ListOptions{PerPage: 100}}
	deps, _, err := g.client.Repositories.ListDeployments(ctx, g.owner, g.repo, opts)
	if err != nil {
		return false, err
	}
	for _, d := range deps {
		if d.GetTask() != Task {
			continue
		}
		// Statuses are listed newest first: the first is the current one.
		sts, _, err := g.client.Repositories.ListDeploymentStatuses(ctx, g.owner, g.repo, d.GetID(), &github.ListOptions{PerPage: 1})
		if err != nil {
			return false, err
		}
		if len(sts) > 0 && sts[0].GetState() == "success" {
			return true, nil
		}
	}
	return false, nil
}

func (g *githubDeployments) Create(ctx context.Context, sha, env, description string) (int64, error) {
	d, _, err := g.client.Repositories.CreateDeployment(ctx, g.owner, g.repo, github.DeploymentRequest{
		Ref:         sha,
		Task:        github.Ptr(Task),
		Environment: &env,
		Description: &description,
		AutoMerge:   github.Ptr(false),
		// The workflow that runs the deploy is the check; GitHub must not
		// wait for other statuses.
		RequiredContexts:      []string{},
		ProductionEnvironment: github.Ptr(env == g.production),
	})
	if err != nil {
		return 0, err
	}
	return d.GetID(), nil
}

func (g *githubDeployments) SetStatus(ctx context.Context, id int64, state, logURL, description string) error {
	req := github.DeploymentStatusRequest{State: state, Description: &description}
	if logURL != "" {
		req.LogURL = &logURL
	}
	_, _, err := g.client.Repositories.CreateDeploymentStatus(ctx, g.owner, g.repo, id, req)
	return err
}
