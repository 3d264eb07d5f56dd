package datarefresh

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/sqladminapi"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// RecordLabel labels the record's issue and names its file.
const RecordLabel = "data-refresh"

// finish writes the summary on every path, and files the record once a
// scratch instance was asked for: whether the refresh landed, was refused
// or failed, what it read, ran, verified and left behind.
func (r *Refresher) finish(ctx context.Context, rec *refresh, err error) {
	if rec.outcome == "" || err != nil {
		rec.outcome = outcome(err)
	}
	r.Report.SetOutput("verification", rec.verification)
	if !rec.touched || rec.targetState != "" && !strings.HasPrefix(rec.targetState, "refreshed") {
		r.Report.SetOutput("target-restored", "false")
	}
	body := r.summary(rec)
	if !rec.scratchSent || r.Incidents == nil {
		r.Report.Summary(body)
		return
	}
	cfg := r.Config
	backup := "(none chosen)"
	if rec.backup != nil {
		backup = fmt.Sprint(rec.backup.Id)
	}
	record := incident.Record{Subject: cfg.TargetInstance, Body: body, When: cfg.Now(), Label: RecordLabel,
		Title: fmt.Sprintf("Data refresh: %s → %s from backup %s (%s)", cfg.SourceEnv, cfg.TargetEnv, backup, shortOutcome(rec.outcome))}
	if _, err := r.Incidents.File(context.WithoutCancel(ctx), record); err != nil {
		r.Report.Logger().Warn("failed to file the data-refresh record", "error", err)
	}
}

func outcome(err error) string {
	var running *sqladminapi.StillRunning
	switch {
	case err == nil:
		return "done"
	case errors.As(err, &running):
		return "stopped: " + err.Error()
	case errors.Is(err, context.Canceled):
		return "cancelled: " + err.Error()
	}
	if step.ExitCode(err) == step.ExitVerdict {
		return "refused: " + err.Error()
	}
	return "failed: " + err.Error()
}

func shortOutcome(o string) string {
	w, _, _ := strings.Cut(o, ":")
	return w
}

// summary is the Markdown record. It holds names, counts and hashes,
// never a value read from a database.
func (r *Refresher) summary(rec *refresh) string {
	cfg := r.Config
	var b strings.Builder
	fmt.Fprintf(&b, "## Data refresh: `%s` → `%s`\n\n", cfg.SourceEnv, cfg.TargetEnv)
	row := func(k, v string) { fmt.Fprintf(&b, "| %s | %s |\n", k, report.Cell(v)) }
	b.WriteString("| | |\n|---|---|\n")
	row("Outcome", rec.outcome)
	row("Source", "`"+cfg.Source()+"`, only read (its backup)")
	if rec.backup != nil {
		row("Backup", fmt.Sprintf("%d (%s), ended %s, %s before the refresh", rec.backup.Id, report.Line(rec.backup.Type),
			rec.backupEnd.Format(time.RFC3339), cfg.Now().Sub(rec.backupEnd).Round(time.Minute)))
	}
	row("Target", "`"+cfg.Target()+"`: "+targetState(rec))
	if rec.targetOp != "" {
		row("Target's restore", "operation "+report.Code(rec.targetOp))
	}
	if rec.scratchSent {
		fate := rec.scratchFate
		if fate == "" {
			fate = "**state unknown**: check it: `gcloud sql instances describe " + rec.scratch + " --project " + cfg.TargetProject + "`"
		}
		row("Scratch instance", "`"+rec.scratch+"` (private, labelled with run "+cfg.RunID+"): "+fate)
	}
	if s := cfg.Sanitize; s != nil {
		row("Manifest", "`"+ManifestFile+"` sha256 `"+s.ManifestSHA256+"`")
	}
	if len(rec.passwordsReset) > 0 {
		row("Built-in users", "`"+strings.Join(rec.passwordsReset, "`, `")+"`: restored from the source with its passwords, given random ones no one keeps before the copy left the scratch; set the ones the target needs with `gcloud sql users set-password`")
	}
	row("Verification", rec.verification)
	reason := cfg.Reason
	if reason == "" {
		reason = "(not given)"
	}
	row("Reason", reason)
	row("Who", cfg.Who)
	row("When", cfg.Now().UTC().Format(time.RFC3339))
	if s := cfg.Sanitize; s != nil && len(s.Files()) > 0 {
		b.WriteString("\n### Sanitization files, run in this order\n\n| File | sha256 |\n|---|---|\n")
		for _, f := range s.Files() {
			fmt.Fprintf(&b, "| %s | %s |\n", report.Cell(report.Code(f.Path)), report.Code(f.SHA256))
		}
	}
	if len(rec.checks) > 0 {
		b.WriteString("\n### Verification\n\nA sample of each column was read before the SQL ran, and looked for after it. No value is shown.\n\n")
		b.WriteString("| Database | Column | Rule | Sampled | Rows still holding a sampled value | Non-null after | Verdict |\n|---|---|---|---|---|---|---|\n")
		for _, c := range rec.checks {
			verdict := "ok: " + c.Note
			if !c.Passed {
				verdict = "**failed: " + c.Note + "**"
			}
			left, nonNull := fmt.Sprint(c.Count.Survived), fmt.Sprint(c.Count.NonNull)
			if c.Rule.Kind == RuleKeep {
				left, nonNull = "-", "-"
			}
			fmt.Fprintf(&b, "| `%s` | `%s` | %s | %d | %s | %s | %s |\n", c.Database, c.Column, c.Rule.Kind, c.Sampled, left, nonNull, report.Cell(verdict))
		}
	}
	if rec.touched && !strings.HasPrefix(rec.targetState, "refreshed") {
		b.WriteString("\n### The target was touched and is not refreshed\n\n")
		b.WriteString(restoreHint(cfg, rec) + "\n")
	}
	return b.String()
}

func targetState(rec *refresh) string {
	switch {
	case rec.targetState != "":
		return rec.targetState
	case rec.touched:
		return "unknown"
	}
	return "not touched"
}

// restoreHint says how to put the target's own data back.
func restoreHint(cfg Config, rec *refresh) string {
	if rec.targetBackup == nil {
		return fmt.Sprintf("`%s` had no successful backup of its own before the refresh: its previous data cannot be restored. "+
			"Run the refresh again once the cause is fixed.", cfg.TargetInstance)
	}
	return fmt.Sprintf("To put back the target's own data, restore its latest backup from before the refresh, %d (ended %s):\n\n"+
		"```sh\ngcloud sql backups restore %d --restore-instance=%s --backup-instance=%s --project=%s\n```\n\n"+
		"Or run the refresh again once the cause is fixed.",
		rec.targetBackup.Id, report.Line(rec.targetBackup.EndTime), rec.targetBackup.Id, cfg.TargetInstance, cfg.TargetInstance, cfg.TargetProject)
}
