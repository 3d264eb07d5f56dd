package sqlrecover

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// finish writes the summary on every path, and files the record (through
// the incident filer traffic-rollback uses too) once a clone request was
// sent: whether it worked, failed or was still running when the step
// stopped, someone must know.
func (r *Recoverer) finish(ctx context.Context, rec *recovery, err error) {
	if rec.outcome == "" || err != nil {
		rec.outcome = outcome(err)
	}
	var running *stillRunning
	rec.failed = err != nil && !errors.As(err, &running)
	body := r.summary(rec)
	if !rec.sent || r.Incidents == nil {
		r.Report.Summary(body)
		return
	}
	cfg := r.Config
	record := incident.Record{Subject: cfg.Instance, Body: body, When: cfg.Now(),
		Title: fmt.Sprintf("Cloud SQL recovery: %s to %s into %s", cfg.Instance, cfg.PointInTime.Format(time.RFC3339Nano), cfg.Target)}
	if _, err := r.Incidents.File(context.WithoutCancel(ctx), record); err != nil {
		r.Report.Logger().Warn("failed to file the incident record", "error", err)
	}
}

func outcome(err error) string {
	var running *stillRunning
	switch {
	case err == nil:
		return "done"
	case errors.As(err, &running):
		return "still running when the step stopped: " + err.Error()
	}
	if step.ExitCode(err) == step.ExitVerdict {
		return "refused: " + err.Error()
	}
	return "failed: " + err.Error()
}

// summary is the Markdown record: who, why, when, the window, source,
// target, operation, and what to do next.
func (r *Recoverer) summary(rec *recovery) string {
	cfg := r.Config
	var b strings.Builder
	fmt.Fprintf(&b, "## Cloud SQL point-in-time recovery: `%s` → `%s`\n\n", cfg.Instance, cfg.Target)
	reason := cfg.Reason
	if reason == "" {
		reason = "(not given)"
	}
	row := func(k, v string) { fmt.Fprintf(&b, "| %s | %s |\n", k, report.Cell(v)) }
	b.WriteString("| | |\n|---|---|\n")
	row("Outcome", rec.outcome)
	source := "`" + cfg.Project + "`, instance `" + cfg.Instance + "`"
	if rec.source != nil && rec.source.ConnectionName != "" {
		source = report.Code(rec.source.ConnectionName) + " (" + report.Code(rec.source.DatabaseVersion) + ")"
	}
	row("Source", source+", not modified")
	row("Point in time", cfg.PointInTime.UTC().Format(time.RFC3339Nano))
	if rec.window != nil {
		row("Recovery window", rec.window.String())
	}
	row("Target", "`"+cfg.Target+"`")
	if rec.connection != "" {
		row("Connection name", report.Code(rec.connection))
	}
	if rec.operation != "" {
		row("Operation", report.Code(rec.operation))
	}
	row("Reason", reason)
	row("Who", cfg.Who)
	row("When", cfg.Now().UTC().Format(time.RFC3339))
	switch {
	case rec.sent && rec.failed:
		b.WriteString("\n### Next steps\n\n")
		fmt.Fprintf(&b, "The clone failed, and it may have left a partly made `%s` behind. `%s` was not changed.\n\n", cfg.Target, cfg.Instance)
		fmt.Fprintf(&b, "1. Look for it: `gcloud sql instances describe %s --project %s`, and at the clone's operation: `gcloud sql operations list --instance %s --project %s`.\n",
			cfg.Target, cfg.Project, cfg.Target, cfg.Project)
		fmt.Fprintf(&b, "2. If it exists, delete it: `gcloud sql instances delete %s --project %s` (it holds no data anyone uses yet; a target that exists makes the next attempt refuse).\n",
			cfg.Target, cfg.Project)
		b.WriteString("3. Fix what the outcome above names (a quota, a permission, a point outside the recovery window), then run the recovery again.\n")
	case rec.sent:
		b.WriteString("\n### Next steps\n\n")
		if rec.connection == "" {
			fmt.Fprintf(&b, "0. Wait for the clone: %s.\n", report.Code("gcloud sql operations wait "+rec.operation+" --project "+cfg.Project))
		}
		fmt.Fprintf(&b, "1. Check the recovered data in %s (for example through %s).\n", report.Code(cfg.Target), report.Code("cloud-sql-proxy "+connectionOr(rec.connection, cfg)))
		fmt.Fprintf(&b, "2. Either promote it: point the application at `%s` (its instance and connection name in Terraform, "+
			"then deploy), or copy the rows you need back into `%s` (pg_dump/psql).\n", cfg.Target, cfg.Instance)
		b.WriteString("3. Plan the downtime: from when writes stop until the application uses the new instance. Writes made to the source " +
			"after the point in time are not in the new instance; stop them first, and copy over what must be kept.\n")
		fmt.Fprintf(&b, "4. Codify it: the new instance is not in Terraform yet. Import it, or delete it once the data is copied back. "+
			"`%s` itself was not changed.\n", cfg.Instance)
	}
	return b.String()
}

func connectionOr(conn string, cfg Config) string {
	if conn != "" {
		return conn
	}
	return cfg.Project + ":<region>:" + cfg.Target
}
