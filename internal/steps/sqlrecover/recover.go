// Package sqlrecover is the sql-recover step: Cloud SQL point-in-time
// recovery into a new instance through the SQL Admin API v1, and a check
// that instances can be recovered. The source instance is never modified:
// the only write is instances.clone, sent once, and sent again only after
// making sure the first one did not start.
package sqlrecover

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/sqladminapi"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Config is the step's resolved inputs.
type Config struct {
	Mode    string // recover or check
	Project string
	// Instance is the source (recover mode); Instances are the instances
	// to check, none meaning all (check mode).
	Instance    string
	Instances   []string
	PointInTime time.Time
	Target      string
	Reason      string
	DryRun      bool
	Who         string
	Now         func() time.Time
	// Timeout bounds the whole step.
	Timeout time.Duration
	// Endpoint is a SQL Admin emulator's URL, or "" for Google.
	Endpoint string
	// PollFirst and PollMost bound the pause between reads of the clone's
	// operation; Retry is the first pause before a failed read is retried.
	PollFirst, PollMost, Retry time.Duration
}

// Recoverer runs one sql-recover.
type Recoverer struct {
	Config Config
	API    SQLAdmin
	Report step.Reporter
	// Incidents, when set, files the record of a clone that was sent: the
	// summary, an incident file outside Actions, an incident issue.
	Incidents *incident.Filer
	// PollFirst and PollMost bound the pause between reads of the clone's
	// operation, which doubles from the first to the most.
	PollFirst, PollMost time.Duration
	// CloneAttempts is how many clone requests may be sent in all, each
	// after making sure the one before did not start (default 3).
	CloneAttempts int
}

// Process recovers, or checks, as the mode says.
func (r *Recoverer) Process(ctx context.Context) error {
	if r.Config.Mode == "check" {
		return r.check(ctx)
	}
	return r.recover(ctx)
}

// recovery is what is known of the recovery so far, for the record.
type recovery struct {
	source     *sqladmin.DatabaseInstance
	window     *Window
	sent       bool   // a clone request left: it may have started
	operation  string // the clone's operation, once known
	connection string
	outcome    string
	failed     bool // the step failed (not merely stopped) after the request left
}

func (r *Recoverer) recover(ctx context.Context) (err error) {
	cfg := r.Config
	rec := &recovery{}
	defer func() { r.finish(ctx, rec, err) }()

	if cfg.Target == cfg.Instance {
		return refusal(refuse("the target instance %q is the source: recovery creates a new instance and never changes the source", cfg.Target))
	}
	r.Report.SetOutput("target-instance", cfg.Target)
	src, err := r.API.GetInstance(ctx, cfg.Project, cfg.Instance)
	if sqladminapi.StatusCode(err) == http.StatusNotFound {
		return refusal(refuse("instance %q does not exist in project %q", cfg.Instance, cfg.Project))
	}
	if err != nil {
		return fmt.Errorf("failed to read instance %q: %w", cfg.Instance, err)
	}
	rec.source = src
	if err := Recoverable(src); err != nil {
		return refusal(err)
	}
	resp, err := r.API.RecoveryTime(ctx, cfg.Project, cfg.Instance)
	if err != nil {
		return fmt.Errorf("failed to read the recovery window of %q: %w", cfg.Instance, err)
	}
	w, err := RecoveryWindow(resp, src)
	if err != nil {
		return fmt.Errorf("failed to read the recovery window of %q: %w", cfg.Instance, err)
	}
	rec.window = &w
	r.Report.SetOutput("window-start", w.Start.Format(time.RFC3339Nano))
	r.Report.SetOutput("window-end", w.End.Format(time.RFC3339Nano))
	if err := Inside(cfg.PointInTime, w); err != nil {
		return refusal(err)
	}
	_, err = r.API.GetInstance(ctx, cfg.Project, cfg.Target)
	switch {
	case err == nil:
		return refusal(refuse("the target instance %q exists already; give another target-instance, or delete it if it is a failed earlier attempt", cfg.Target))
	case sqladminapi.StatusCode(err) != http.StatusNotFound:
		return fmt.Errorf("failed to check that the target instance %q does not exist: %w", cfg.Target, err)
	}
	if cfg.DryRun {
		rec.outcome = fmt.Sprintf("dry run: nothing was changed; `%s` would be cloned at %s into `%s`", cfg.Instance, cfg.PointInTime.Format(time.RFC3339Nano), cfg.Target)
		return nil
	}

	op, err := r.clone(ctx, rec)
	if err != nil {
		return err
	}
	rec.operation = op.Name
	r.Report.SetOutput("operation", op.Name)
	r.Report.Logger().Info("clone sent", "operation", op.Name, "target", cfg.Target, "point-in-time", cfg.PointInTime.Format(time.RFC3339Nano))
	if _, err := r.wait(ctx, op); err != nil {
		return err
	}
	inst, err := r.API.GetInstance(ctx, cfg.Project, cfg.Target)
	if err != nil {
		return fmt.Errorf("the clone is done but the new instance %q could not be read: %w", cfg.Target, err)
	}
	rec.connection = inst.ConnectionName
	r.Report.SetOutput("connection-name", inst.ConnectionName)
	rec.outcome = fmt.Sprintf("recovered into `%s` (%s)", cfg.Target, inst.State)
	return nil
}

// refusal turns a Refusal into the step's verdict.
func refusal(err error) error { return step.Refusef("%v; nothing was changed", err) }

// clone sends instances.clone. A request that may have started is never
// sent again before the target and its operation were looked for; a 409
// after such a request means the first one went through.
func (r *Recoverer) clone(ctx context.Context, rec *recovery) (*sqladmin.Operation, error) {
	cfg := r.Config
	req := &sqladmin.InstancesCloneRequest{CloneContext: &sqladmin.CloneContext{
		Kind:                    "sql#cloneContext",
		DestinationInstanceName: cfg.Target,
		PointInTime:             cfg.PointInTime.Format(time.RFC3339Nano),
	}}
	attempts := r.CloneAttempts
	if attempts < 1 {
		attempts = 3
	}
	var lastErr error
	uncertain := false
	for attempt := 1; attempt <= attempts; attempt++ {
		rec.sent = true
		op, err := r.API.Clone(ctx, cfg.Project, cfg.Instance, req)
		if err == nil {
			return op, nil
		}
		lastErr = err
		switch classifyClone(err) {
		case exists:
			if uncertain {
				// Our earlier request went through after all.
				return r.adopt(ctx, err)
			}
			rec.sent = false
			return nil, refusal(refuse("the target instance %q exists already (the API answered %v)", cfg.Target, err))
		case rejected:
			rec.sent = uncertain
			return nil, fmt.Errorf("the SQL Admin API refused the clone of %q: %w", cfg.Instance, err)
		case notTried:
			rec.sent = uncertain
			r.Report.Logger().Warn("the clone request was not accepted (rate limited); sending it again", "attempt", attempt, "error", err)
		case unsure:
			if ctx.Err() != nil {
				return r.adopt(context.WithoutCancel(ctx), fmt.Errorf("%w while the clone request was in flight", ctx.Err()))
			}
			op, found, lookErr := r.findClone(ctx)
			switch {
			case lookErr != nil:
				return nil, fmt.Errorf("the clone request failed (%v) and whether it started cannot be told (%v): look for instance %q and the project's operations before running again", err, lookErr, cfg.Target)
			case op != nil:
				r.Report.Logger().Warn("the clone request failed, but the clone started: following it", "operation", op.Name, "error", err)
				return op, nil
			case found:
				return nil, fmt.Errorf("the clone request failed (%v), but instance %q now exists and its operation was not found: check it before anything else", err, cfg.Target)
			}
			uncertain = true
			r.Report.Logger().Warn("the clone request failed and no clone started (no target instance, no operation); sending it again", "attempt", attempt, "error", err)
		}
		if err := step.Sleep(ctx, max(sqladminapi.PollDelay(attempt, r.PollFirst, r.PollMost), sqladminapi.RetryAfter(lastErr))); err != nil {
			return r.adopt(context.WithoutCancel(ctx), err)
		}
	}
	return nil, fmt.Errorf("failed to clone %q after %d requests: %w", cfg.Instance, attempts, lastErr)
}

// adopt looks for the clone one more time after cause, and follows it if
// it started.
func (r *Recoverer) adopt(ctx context.Context, cause error) (*sqladmin.Operation, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	op, found, err := r.findClone(ctx)
	switch {
	case op != nil:
		return op, nil
	case err != nil:
		return nil, fmt.Errorf("%v, and whether the clone started cannot be told (%v): look for instance %q before running again", cause, err, r.Config.Target)
	case found:
		return nil, fmt.Errorf("%v: instance %q exists but its clone operation was not found: check it", cause, r.Config.Target)
	}
	return nil, fmt.Errorf("%v; no clone started (no instance %q, no operation)", cause, r.Config.Target)
}

// findClone looks for the clone this run asked for: the target instance
// and its CLONE operation, listed under the target or under the source.
func (r *Recoverer) findClone(ctx context.Context) (*sqladmin.Operation, bool, error) {
	cfg := r.Config
	_, err := r.API.GetInstance(ctx, cfg.Project, cfg.Target)
	found := err == nil
	if err != nil && sqladminapi.StatusCode(err) != http.StatusNotFound {
		return nil, false, err
	}
	for _, inst := range []string{cfg.Target, cfg.Instance} {
		ops, err := r.API.ListOperations(ctx, cfg.Project, inst)
		if sqladminapi.StatusCode(err) == http.StatusNotFound {
			continue
		}
		if err != nil {
			return nil, found, err
		}
		if op := cloneOperation(ops, cfg.Target); op != nil {
			return op, true, nil
		}
	}
	return nil, found, nil
}

// stillRunning is a clone that was sent and had not ended when the step
// had to stop.
type stillRunning struct {
	op      *sqladmin.Operation
	project string
	cause   error
}

func (e *stillRunning) Error() string {
	why := "the step timed out"
	if errors.Is(e.cause, context.Canceled) {
		why = "the step was cancelled"
	}
	return fmt.Sprintf("%s after the clone was sent: operation %s is %s and goes on without us; "+
		"follow it with `gcloud sql operations wait %s --project %s`", why, e.op.Name, e.op.Status, e.op.Name, e.project)
}

// wait reads the operation with backoff until it is DONE.
func (r *Recoverer) wait(ctx context.Context, op *sqladmin.Operation) (*sqladmin.Operation, error) {
	last := op.Status
	for n := 0; ; n++ {
		if op.Status == "DONE" {
			if msg := sqladminapi.OperationError(op); msg != "" {
				return nil, fmt.Errorf("the clone operation %s ended in error: %s", op.Name, msg)
			}
			return op, nil
		}
		if err := step.Sleep(ctx, sqladminapi.PollDelay(n, r.PollFirst, r.PollMost)); err != nil {
			return nil, &stillRunning{op: op, project: r.Config.Project, cause: err}
		}
		next, err := r.API.GetOperation(ctx, r.Config.Project, op.Name)
		if err != nil {
			if ctx.Err() != nil {
				return nil, &stillRunning{op: op, project: r.Config.Project, cause: ctx.Err()}
			}
			return nil, fmt.Errorf("failed to read the clone operation %s (the clone goes on; follow it with `gcloud sql operations wait %s --project %s`): %w",
				op.Name, op.Name, r.Config.Project, err)
		}
		op = next
		if op.Status != last {
			r.Report.Logger().Info("clone operation", "operation", op.Name, "status", op.Status)
			last = op.Status
		}
	}
}
