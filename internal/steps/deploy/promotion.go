package deploy

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Deployments are the repository's GitHub deployments, owner and name
// bound in.
type Deployments interface {
	// Succeeded reports whether sha has a deployment to env made by this
	// project (our task, created by the identity this deploy acts as)
	// whose latest status is success. Ignored says which deployments of
	// our task were not counted, and why.
	Succeeded(ctx context.Context, sha, env string) (ok bool, ignored []string, err error)
	// Create records a deployment; payload is stored with it (the run
	// that made it and the sha256 of the reviewed plan that is applied).
	Create(ctx context.Context, sha, env, description string, payload map[string]any) (int64, error)
	SetStatus(ctx context.Context, id int64, state, logURL, description string) error
}

// Task marks the deployments this project creates. GitHub also creates
// deployments of its own (task "deploy") for every job that names an
// environment, a rollback or a plan job for example; only ours, made after
// a successful apply path, may satisfy the promotion gate.
const Task = policy.DeploymentTask

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
	ok, ignored, err := d.Succeeded(ctx, sha, prev)
	if err != nil {
		return fmt.Errorf("failed to check the %s deployments of %s: %w", prev, sha, err)
	}
	if !ok {
		why := ""
		if len(ignored) > 0 {
			why = fmt.Sprintf(" (ignored: %s; only deployments created by the identity this deploy acts as count, so that no other token can open the gate)", listed(ignored, 5))
		}
		return step.Refusef("%s has no successful %s deployment made by olympus deploy%s; deploy it to %s first", sha, prev, why, prev)
	}
	return nil
}

// listed joins the first n items and counts the rest.
func listed(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, "; ")
	}
	return fmt.Sprintf("%s; and %d more", strings.Join(items[:n], "; "), len(items)-n)
}

// payload is what the deployment record says of itself: the run that
// made it and, when one was reviewed, the plan it applies.
func (d *Deployer) payload(planSHA256 string) map[string]any {
	p := map[string]any{}
	if planSHA256 != "" {
		p["plan_sha256"] = planSHA256
	}
	if d.Config.RunID != "" {
		p["run_id"] = d.Config.RunID
	}
	if d.Config.RunURL != "" {
		p["run_url"] = d.Config.RunURL
	}
	return p
}

// githubDeployments implements Deployments with go-github.
type githubDeployments struct {
	client      *github.Client
	owner, repo string
	production  string
	// self is the login the token acts as, read once when first needed.
	self string
}

// identity is who this deploy's token acts as: the creator GitHub
// records on the deployments it makes.
func (g *githubDeployments) identity(ctx context.Context) (string, error) {
	if g.self == "" {
		login, err := githubapi.Login(ctx, g.client)
		if err != nil {
			return "", err
		}
		g.self = login
	}
	return g.self, nil
}

func (g *githubDeployments) Succeeded(ctx context.Context, sha, env string) (bool, []string, error) {
	self, err := g.identity(ctx)
	if err != nil {
		return false, nil, err
	}
	// Only deployments with our task, created by our own identity, count
	// (githubapi.Ours): any token with deployments: write can create one
	// with our task.
	repo := githubapi.Repo{Owner: g.owner, Name: g.repo, Self: self}
	ours, ignored, err := githubapi.Ours(ctx, g.client, repo, env, sha)
	if err != nil {
		return false, nil, err
	}
	for _, d := range ours {
		state, err := githubapi.LatestState(ctx, g.client, repo, d.ID)
		if err != nil {
			return false, nil, err
		}
		if state == "success" {
			return true, nil, nil
		}
	}
	return false, ignored, nil
}

func (g *githubDeployments) Create(ctx context.Context, sha, env, description string, payload map[string]any) (int64, error) {
	var p any
	if len(payload) > 0 {
		p = payload
	}
	d, _, err := g.client.Repositories.CreateDeployment(ctx, g.owner, g.repo, github.DeploymentRequest{
		Payload:     p,
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
