package deploy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
)

// What a deploy reports: its outputs, its summary, the deployment's
// status and, when breaking glass, the incident record.

// setOutputs sets terraform-outputs: the root module's outputs as JSON,
// with secret ones (sensitive, or named like a secret whatever
// nonsensitive() says) shown as "(sensitive)", and secret-named keys
// inside the others redacted. The session masked them when it read them.
func (d *Deployer) setOutputs(outs map[string]terraform.Output) error {
	shown := map[string]any{}
	for name, o := range outs {
		v, err := decodeJSON(o.Value)
		if err != nil {
			return fmt.Errorf("failed to read output %q: %w", name, err)
		}
		if o.Sensitive || policy.SecretKey(name) {
			shown[name] = plan.Redacted
			continue
		}
		shown[name] = policy.RedactKeys(v, plan.Redacted)
	}
	b, err := json.Marshal(shown)
	if err != nil {
		return err
	}
	d.Report.SetOutput("terraform-outputs", string(b))
	return nil
}

func decodeJSON(b []byte) (any, error) {
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	err := dec.Decode(&v)
	return v, err
}

func (d *Deployer) setCounts(c policy.Counts) { report.SetCounts(d.Report, c) }

// finish records the outcome in the outputs, the summary, the deployment
// and, for a break-glass deploy that changed something, the incident
// record.
func (d *Deployer) finish(ctx context.Context, sum *Summary, outcome string, err error) error {
	sum.Outcome = outcome
	if err != nil {
		sum.Error = err.Error()
	}
	d.Report.SetOutput("outcome", outcome)
	d.Report.Summary(sum.ResultMarkdown())
	state := "success"
	if err != nil {
		state = "failure"
	}
	if serr := d.closeRecord(ctx, state, d.describe(outcome), time.Minute); serr != nil {
		err = errors.Join(err, serr)
	}
	if serr := d.recordVerified(ctx, state); serr != nil {
		err = errors.Join(err, serr)
	}
	if d.Incidents != nil && (outcome == "applied" || outcome == "failed") {
		rec := incident.Record{Subject: d.Config.Environment, When: d.now(),
			Title: fmt.Sprintf("Break-glass deploy to %s", d.Config.Environment), Body: sum.IncidentMarkdown(d.Who, d.now())}
		if _, ierr := d.Incidents.File(ctx, rec); ierr != nil {
			d.Report.Logger().Warn("failed to file the incident record", "error", ierr)
		}
	}
	if err != nil && errors.Is(err, context.Canceled) {
		return fmt.Errorf("deploy to %s cancelled: %w", d.Config.Environment, err)
	}
	return err
}

func (d *Deployer) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

// closeRecord sets the deployment's final status. The job may be
// cancelled, so it runs on a context of its own; a status can be written
// twice without harm, so it is retried on 5xx, while a lost one would
// leave the deployment in_progress and block the promotion.
func (d *Deployer) closeRecord(ctx context.Context, state, outcome string, timeout time.Duration) error {
	if d.Deployments == nil {
		return nil
	}
	id := d.deploymentID()
	if id == 0 {
		return nil
	}
	rctx, cancel := context.WithTimeout(githubapi.Repeatable(context.WithoutCancel(ctx)), timeout)
	defer cancel()
	if err := d.Deployments.SetStatus(rctx, id, state, d.Config.RunURL, outcome); err != nil {
		return fmt.Errorf("failed to record the deployment status: %w", err)
	}
	return nil
}
