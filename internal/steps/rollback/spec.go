package rollback

import (
	"fmt"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/cloudrun"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Spec defines the traffic-rollback step.
func Spec() *step.Spec {
	return &step.Spec{
		Name: "traffic-rollback",
		Description: "Move 100% of a Cloud Run service's traffic to the last known-good revision through the " +
			"Cloud Run Admin API v2 (no gcloud), wait until it serves, and record who did it and why; " +
			"to-revision LATEST releases the rollback once a fix is deployed.",
		Inputs: []step.Input{
			{Name: "project", Required: true, Validate: policy.ValidProject, Description: "GCP project of the service."},
			{Name: "region", Validate: policy.ValidRegion, Description: "Region of the service. Default: us-central1, which the log and the record then say."},
			{Name: "service", Required: true, Validate: policy.ValidService, Description: "Cloud Run service name."},
			{Name: "to-revision", Validate: validTarget,
				Description: "Revision to send all traffic to, even one traffic was rolled back from. Default: the known-good revision that the last verified deployment of environment recorded, " +
					"else the newest Ready revision older than the one serving (output chosen-by says which rule chose, the summary why). " +
					"LATEST rolls forward once a fix is deployed: traffic follows the latest Ready revision again (this one and later ones); " +
					"refused while that revision is one traffic was rolled back from."},
			{Name: "environment", Validate: policy.ValidEnvironment,
				Description: "GitHub Environment of the service: its last verified olympus deploy (task deploy:olympus, created by the identity github-token acts as, latest status success) " +
					"names the known-good revision (deployments: read). Without it, or when none is found, the rollback says why and takes the newest older revision."},
			{Name: "reason", Description: "Why; goes into the record. Required outside GitHub Actions."},
			{Name: "allow-split", Bool: true, Default: "false",
				Description: "Roll back even when traffic is split between revisions (from the newest of them)."},
			{Name: "dry-run", Bool: true, Default: "false", Description: "Say what would change, change nothing."},
			{Name: "timeout", Default: "5m", Validate: step.Duration, Description: "How long the whole rollback may take."},
			{Name: "run-endpoint",
				Description: "Advanced: host:port of a Cloud Run emulator, spoken to in plaintext gRPC without credentials (tests and demos only)."},
			step.GitHubToken("Token for the incident issue (issues: write) and, with environment, to read its deployments (deployments: read). Outside Actions, with GITHUB_REPOSITORY, an issue is opened too."),
		},
		Outputs: []step.Output{
			{Name: "from-revisions", Description: "What served before, revision=percent, one per line."},
			{Name: "to-revision", Description: "The revision that now has all traffic (for LATEST, the latest Ready revision it follows now)."},
			{Name: "chosen-by", Description: "The rule that chose the target: to-revision (named), known-good (the last verified deployment's), newest-older (the newest Ready revision older than the serving one), or latest (a roll forward)."},
			{Name: "changed", Description: "true when the traffic moved; false when it was already all on the target, in a dry run, or when it did not move; unknown when the change was sent but whether it took effect could not be read (the record says why)."},
		},
		Run: run,
	}
}

// validTarget accepts a revision name or LATEST.
func validTarget(v string) error {
	if strings.EqualFold(v, cloudrun.Latest) {
		return nil
	}
	if err := policy.ValidRevision(v); err != nil {
		return fmt.Errorf("%w, or %s to roll forward", err, cloudrun.Latest)
	}
	return nil
}
