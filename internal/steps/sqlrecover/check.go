package sqlrecover

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/sqladminapi"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// check reads each instance (the named ones, or every primary instance of
// the project) and fails when one cannot be recovered to any minute of the
// last MinLogRetentionDays days.
func (r *Recoverer) check(ctx context.Context) error {
	cfg := r.Config
	insts, missing, err := r.instancesToCheck(ctx)
	if err != nil {
		return err
	}
	var checks []InstanceCheck
	for _, name := range missing {
		checks = append(checks, InstanceCheck{Instance: name, State: "not found", Problems: []string{"it does not exist in project " + cfg.Project}})
	}
	for _, inst := range insts {
		c := CheckInstance(inst)
		if c.PITR && inst.State == "RUNNABLE" {
			resp, err := r.API.RecoveryTime(ctx, cfg.Project, inst.Name)
			switch {
			case sqladminapi.StatusCode(err) >= 400 && sqladminapi.StatusCode(err) < 500:
				c.Problems = append(c.Problems, "its recovery window cannot be read: "+err.Error())
			case err != nil:
				return fmt.Errorf("failed to read the recovery window of %q: %w", inst.Name, err)
			default:
				if w, err := RecoveryWindow(resp, inst); err == nil {
					c.Window = &w
				} else {
					c.Problems = append(c.Problems, err.Error())
				}
			}
		}
		checks = append(checks, c)
	}
	if len(checks) == 1 && checks[0].Window != nil {
		r.Report.SetOutput("window-start", checks[0].Window.Start.Format(time.RFC3339Nano))
		r.Report.SetOutput("window-end", checks[0].Window.End.Format(time.RFC3339Nano))
	}
	var wrong []string
	for _, c := range checks {
		if len(c.Problems) > 0 {
			wrong = append(wrong, fmt.Sprintf("%s: %s", c.Instance, strings.Join(c.Problems, ", ")))
		}
	}
	r.Report.Summary(checkSummary(cfg, checks, len(wrong)))
	if len(checks) == 0 {
		return step.Refusef("project %q has no Cloud SQL instance to check", cfg.Project)
	}
	if len(wrong) > 0 {
		return step.Refusef("%d of %d instance(s) cannot be recovered to any minute of the last %d days: %s",
			len(wrong), len(checks), MinLogRetentionDays, strings.Join(wrong, "; "))
	}
	return nil
}

func (r *Recoverer) instancesToCheck(ctx context.Context) ([]*sqladmin.DatabaseInstance, []string, error) {
	cfg := r.Config
	if len(cfg.Instances) == 0 {
		all, err := r.API.ListInstances(ctx, cfg.Project)
		if err != nil {
			return nil, nil, fmt.Errorf("failed to list the instances of project %q: %w", cfg.Project, err)
		}
		var primaries []*sqladmin.DatabaseInstance
		for _, inst := range all {
			// Replicas have no backups of their own: their primary's count.
			if inst.InstanceType == "" || inst.InstanceType == "CLOUD_SQL_INSTANCE" {
				primaries = append(primaries, inst)
			}
		}
		return primaries, nil, nil
	}
	var insts []*sqladmin.DatabaseInstance
	var missing []string
	for _, name := range cfg.Instances {
		inst, err := r.API.GetInstance(ctx, cfg.Project, name)
		switch {
		case sqladminapi.StatusCode(err) == http.StatusNotFound:
			missing = append(missing, name)
		case err != nil:
			return nil, nil, fmt.Errorf("failed to read instance %q: %w", name, err)
		default:
			insts = append(insts, inst)
		}
	}
	return insts, missing, nil
}

func checkSummary(cfg Config, checks []InstanceCheck, wrong int) string {
	var b strings.Builder
	verdict := "passed"
	if wrong > 0 {
		verdict = fmt.Sprintf("failed: %d of %d instance(s) cannot be recovered as required", wrong, len(checks))
	}
	fmt.Fprintf(&b, "## Cloud SQL recovery check, `%s`: %s\n\n", cfg.Project, verdict)
	fmt.Fprintf(&b, "Every instance must keep backups and point-in-time recovery on, with at least %d days of transaction logs, "+
		"so that it can be recovered to any minute of the last %d days.\n\n", MinLogRetentionDays, MinLogRetentionDays)
	if len(checks) == 0 {
		b.WriteString("No instance to check.\n")
		return b.String()
	}
	b.WriteString("| Instance | State | Backups | Point-in-time recovery | Log retention | Recovery window | Verdict |\n|---|---|---|---|---|---|---|\n")
	for _, c := range checks {
		window := "-"
		if c.Window != nil {
			window = c.Window.String()
		}
		v := "ok"
		if len(c.Problems) > 0 {
			v = "**" + report.Cell(strings.Join(c.Problems, "; ")) + "**"
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %d day(s) | %s | %s |\n", report.Cell(report.Code(c.Instance)), report.Cell(c.State), onOff(c.Backups), onOff(c.PITR), c.RetentionDays, window, v)
	}
	return b.String()
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
