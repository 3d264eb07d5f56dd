package rollback

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/cloudrun"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// Records finds the known-good revision of a service: the one the last
// verified deployment recorded. It never fails: without one, KnownGood
// says why, and the rollback falls back to the newest older revision.
type Records interface {
	KnownGood(ctx context.Context, project, region, service string) cloudrun.KnownGood
}

// lookupTimeout bounds the search: a rollback is an emergency path, and
// GitHub being slow or down must not hold it up for long.
const lookupTimeout = 20 * time.Second

// deploymentRecords reads the GitHub deployments of one environment.
type deploymentRecords struct {
	client      *github.Client
	owner, repo string
	environment string
}

func (d *deploymentRecords) KnownGood(ctx context.Context, project, region, service string) cloudrun.KnownGood {
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	cant := func(err error) cloudrun.KnownGood {
		return cloudrun.KnownGood{Missing: fmt.Sprintf("the verified deployments of %s could not be read (%v)", d.environment, err)}
	}
	self, err := githubapi.Login(ctx, d.client)
	if err != nil {
		return cant(err)
	}
	key := policy.CloudRunKey(project, region, service)
	v, found, why, err := githubapi.LastVerified(ctx, d.client, githubapi.Repo{Owner: d.owner, Name: d.repo, Self: self}, d.environment,
		func(r policy.DeploymentRecord) bool { return r.CloudRun[key] != "" })
	if err != nil {
		return cant(err)
	}
	if !found {
		return cloudrun.KnownGood{Missing: fmt.Sprintf("no verified deployment of %s made by %s records %s (%s)", d.environment, self, key, why)}
	}
	sha := v.SHA
	if len(sha) > 12 {
		sha = sha[:12]
	}
	return cloudrun.KnownGood{Revision: v.Record.CloudRun[key],
		Source: fmt.Sprintf("deployment %d of %s to %s (%s)", v.ID, sha, d.environment, v.Created.UTC().Format(time.RFC3339))}
}

// noRecords is the known-good search that cannot be made, and why.
type noRecords string

func (n noRecords) KnownGood(context.Context, string, string, string) cloudrun.KnownGood {
	return cloudrun.KnownGood{Missing: string(n)}
}

// records is the search for cfg: the deployments of its environment,
// through the run's GitHub API, when it names one.
func records(cfg Config, repository string, client func() (*github.Client, error)) Records {
	owner, repo, ok := strings.Cut(repository, "/")
	switch {
	case cfg.Environment == "":
		return noRecords("no environment was given, so no verified deployment was looked for")
	case !ok:
		return noRecords("no repository (GITHUB_REPOSITORY) to read the deployments of " + cfg.Environment + " from")
	}
	c, err := client()
	if err != nil {
		return noRecords(fmt.Sprintf("the deployments of %s could not be read (%v)", cfg.Environment, err))
	}
	return &deploymentRecords{client: c, owner: owner, repo: repo, environment: cfg.Environment}
}
