package sqlrecover

import (
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Spec defines the sql-recover step.
func Spec() *step.Spec {
	return &step.Spec{
		Name: "sql-recover",
		Description: "Restore a Cloud SQL instance to a point in time into a new instance through the SQL Admin API " +
			"(the source is never changed), after checking the time against the recovery window; or check that " +
			"production instances can be recovered (backups, point-in-time recovery, 7 days of logs).",
		Inputs: []step.Input{
			{Name: "project", Required: true, Validate: policy.ValidProject, Description: "GCP project of the instance."},
			{Name: "instance", Validate: step.ListOf(ValidInstance),
				Description: "Cloud SQL instance to recover (required in recover mode). In check mode, the instances to check, comma-separated; default: every instance of the project."},
			{Name: "point-in-time", Validate: ValidPointInTime,
				Description: "Time to recover to, RFC 3339 (2026-11-26T09:30:00Z); required in recover mode. It must be inside the instance's recovery window. Output is in UTC."},
			{Name: "target-instance", Validate: ValidInstance,
				Description: "Name of the new instance. Default: <instance>-pitr-<yyyymmddhhmm> of the point in time, in UTC. It must not exist."},
			{Name: "reason", Description: "Why; goes into the record. Required outside GitHub Actions in recover mode."},
			{Name: "mode", Default: "recover", Validate: step.OneOf("recover", "check"),
				Description: "recover: clone the instance at point-in-time into target-instance; check: fail unless backups and point-in-time recovery are on with at least 7 days of logs."},
			{Name: "dry-run", Bool: true, Default: "false", Description: "Read the instance and its window and say what would be done; create nothing."},
			{Name: "timeout", Default: "30m", Validate: step.Duration,
				Description: "How long the whole step may take, the clone's operation included. On timeout the clone goes on; the step says which operation to follow."},
			{Name: "sql-endpoint", Validate: ValidEndpoint,
				Description: "Advanced: base URL of a SQL Admin API emulator, spoken to in plain HTTP without credentials (tests and demos only)."},
			step.GitHubToken("Token for the incident issue (issues: write). Outside Actions, with GITHUB_REPOSITORY, an issue is opened too."),
		},
		Outputs: []step.Output{
			{Name: "target-instance", Description: "The new instance's name."},
			{Name: "connection-name", Description: "The new instance's connection name (project:region:instance), once it is ready."},
			{Name: "operation", Description: "The clone operation's name, to follow it with gcloud sql operations describe."},
			{Name: "window-start", Description: "Earliest time the instance can be recovered to, RFC 3339 UTC."},
			{Name: "window-end", Description: "Latest time the instance can be recovered to, RFC 3339 UTC."},
		},
		Example: `
- uses: olympus-cloud/deploy-actions/actions/sql-recover@v1
  with:
    project: olympus-prod-9c3f
    instance: olympus-db
    point-in-time: "2026-11-26T09:30:00Z"
    reason: "orders deleted by a bad job at 09:31 (INC-2231)"`,
		Run: run,
	}
}
