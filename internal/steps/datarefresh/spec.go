package datarefresh

import (
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Spec defines the data-refresh step.
func Spec() *step.Spec {
	return &step.Spec{
		Name: "data-refresh",
		Description: "Refresh a pre-production environment's Cloud SQL instance from a production backup, sanitized and proven " +
			"sanitized first: the backup is restored into a private scratch instance, the sanitization SQL runs there in one " +
			"transaction, sampled personal values are checked gone, and only then is the sanitized copy restored onto the target. " +
			"Production is only read; the scratch instance is deleted on every path.",
		Inputs: []step.Input{
			{Name: "source-environment", Validate: policy.ValidEnvironment,
				Description: "Environment whose backup is read. Default: the last of promotion-order (production)."},
			{Name: "target-environment", Validate: policy.ValidEnvironment,
				Description: "Environment to refresh. Default: the one before the source in promotion-order. Production is never a target."},
			step.PromotionOrder,
			{Name: "source-project", Required: true, Validate: policy.ValidProject, Description: "GCP project of the source instance."},
			{Name: "target-project", Required: true, Validate: policy.ValidProject, Description: "GCP project of the target instance; the scratch instance is made there."},
			{Name: "source-instance", Validate: ValidInstance,
				Description: "Cloud SQL instance whose backup is restored. Default: olympus-<source-environment>, the database_instance output of the olympus root."},
			{Name: "target-instance", Validate: ValidInstance,
				Description: "Cloud SQL instance to refresh. Default: olympus-<target-environment>, the database_instance output of the olympus root."},
			{Name: "backup", Validate: ValidBackup,
				Description: "Id of the source's backup run to restore. Default: the newest successful one. Either way it must have succeeded within max-backup-age."},
			{Name: "max-backup-age", Default: "26h", Validate: step.Duration,
				Description: "Oldest backup accepted, by its end time: older is refused."},
			{Name: "sanitize-path", Default: "sanitize",
				Description: "Folder of manifest.yaml (every personal or secret column and its rule) and <database>/*.sql (the SQL that applies the rules)."},
			{Name: "service-account", Validate: ValidServiceAccount,
				Description: "Email of the service account the step runs as: it becomes the scratch instance's IAM database user. Required unless dry-run."},
			{Name: "reason", Description: "Why; goes into the record. Required outside GitHub Actions."},
			{Name: "dry-run", Bool: true, Default: "false",
				Description: "Check the inputs, the sanitization folder, the instances, the backup and the lock; create nothing."},
			{Name: "timeout", Default: "3h", Validate: step.Duration,
				Description: "How long the whole refresh may take. The scratch instance is deleted after it too."},
			{Name: "sql-endpoint", Validate: ValidEndpoint,
				Description: "Advanced: base URL of a SQL Admin API emulator, spoken to in plain HTTP without credentials, which also serves the instances' connections (tests and demos only)."},
			step.GitHubToken("Token for the data-refresh issue (issues: write). Outside Actions, with GITHUB_REPOSITORY, an issue is opened too."),
		},
		Outputs: []step.Output{
			{Name: "backup-id", Description: "The source backup run restored."},
			{Name: "backup-time", Description: "When that backup ended, RFC 3339 UTC."},
			{Name: "scratch-instance", Description: "The scratch instance's name (deleted by the end of the step, unless the record says otherwise)."},
			{Name: "verification", Description: "passed, failed, or not-run."},
			{Name: "target-restored", Description: "true once the target holds the sanitized copy."},
		},
		Example: `
- uses: olympus-cloud/deploy-actions/actions/data-refresh@v1
  with:
    source-project: olympus-prod-9c3f
    target-project: olympus-staging-4b2a
    service-account: data-refresh@olympus-staging-4b2a.iam.gserviceaccount.com
    reason: weekly refresh`,
		Run: run,
	}
}
