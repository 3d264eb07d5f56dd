package rollback

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"
	"time"

	"cloud.google.com/go/run/apiv2/runpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/grpclog"
	"google.golang.org/grpc/status"

	"github.com/olympus-cloud/deploy-actions/internal/incident"
	"github.com/olympus-cloud/deploy-actions/internal/step"
)

// Config is a rollback's resolved inputs.
type Config struct {
	Project, Region, Service string
	ToRevision               string
	Reason                   string
	AllowSplit, DryRun       bool
	Who                      string
	Now                      func() time.Time
}

func (c Config) serviceName() string {
	return fmt.Sprintf("projects/%s/locations/%s/services/%s", c.Project, c.Region, c.Service)
}

// Roller does one rollback.
type Roller struct {
	Config Config
	Run    CloudRun
	Report step.Reporter
	// Incidents, when set, files the record (an issue, a file).
	Incidents *incident.Filer
	// Poll is how often the service is read while it reconciles.
	Poll time.Duration
}

func run(ctx context.Context, rt *step.Runtime) error {
	in := rt.Inputs
	cfg := Config{Project: in.String("project"), Region: in.String("region"), Service: in.String("service"),
		ToRevision: in.String("to-revision"), Reason: in.String("reason"), AllowSplit: in.Bool("allow-split"),
		DryRun: in.Bool("dry-run"), Now: time.Now}
	if cfg.Reason == "" && !rt.GitHub.Actions {
		return step.InputError("reason", "", errors.New("say why outside GitHub Actions: every manual change is recorded"))
	}
	cfg.Who = step.Who(rt)
	// gRPC logs its errors to the process's stderr by default: through
	// the step's untrusted stream instead, redacted and fenced.
	grpclog.SetLoggerV2(grpclog.NewLoggerV2(io.Discard, io.Discard, rt.Stderr))
	ctx, cancel := context.WithTimeout(ctx, in.Duration("timeout"))
	defer cancel()
	api, err := Dial(ctx, in.String("run-endpoint"))
	if err != nil {
		return err
	}
	defer api.Close()
	r := &Roller{Config: cfg, Run: api, Report: rt.Report, Poll: 500 * time.Millisecond, Incidents: incident.New(rt.Report, rt.GitHub, rt.Workdir)}
	if ep := in.String("run-endpoint"); ep != "" {
		r.Poll = 20 * time.Millisecond
	}
	return r.Process(ctx)
}

// Process reads the service and its revisions, chooses the target, moves
// the traffic and waits until it serves. Once the change was sent, the
// outputs, the summary and the incident record are written whatever
// happens next (a failed operation, the timeout, a cancel), saying whether
// the traffic moved as read again from the service.
func (r *Roller) Process(ctx context.Context) error {
	cfg := r.Config
	for attempt := 1; ; attempt++ {
		svc, choice, err := r.choose(ctx)
		if err != nil {
			return err
		}
		r.Report.SetOutput("from-revisions", fromOutput(choice.From))
		r.Report.SetOutput("to-revision", choice.Target)
		if !choice.Changed || cfg.DryRun {
			r.Report.SetOutput("changed", "false")
			r.Report.Summary(r.record(choice, outcomeOf(choice, cfg.DryRun)))
			return nil
		}
		err = r.Run.SetTraffic(ctx, svc, MoveFor(choice, svc.GetAnnotations()))
		if c := status.Code(err); (c == codes.Aborted || c == codes.FailedPrecondition) && attempt < 3 && isCallError(err) {
			// The service changed since it was read: read again and check
			// that the target still holds before trying again.
			continue
		}
		if err == nil {
			err = r.waitServing(ctx, choice.Target)
		}
		if err != nil {
			err = fmt.Errorf("failed to move the traffic of %q to %q: %w", cfg.Service, choice.Target, err)
		}
		return r.finish(ctx, choice, err)
	}
}

// finish writes the record of a change that was sent: the outputs, the
// summary and the incident, with what the service serves now.
func (r *Roller) finish(ctx context.Context, choice Choice, sendErr error) error {
	cfg := r.Config
	outcome, changed := choice.Done(), "true"
	if sendErr != nil {
		// The job may be cancelled or out of time: read the service once
		// more on a context of its own, to say what is true now. A
		// cancelled job is killed 10 s after its first signal, so the read
		// is kept short enough to leave time for the record.
		reread := 10 * time.Second
		if errors.Is(ctx.Err(), context.Canceled) {
			reread = 3 * time.Second
		}
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reread)
		defer cancel()
		switch serving, reconciling, err := r.servingNow(rctx); {
		case err != nil:
			outcome, changed = "unknown: the change was sent but the service could not be read again ("+err.Error()+"); check it before acting again", "unknown"
		case reconciling:
			// What it serves is in flux until Cloud Run is done: the
			// change may yet take effect.
			outcome, changed = "unknown: the change was sent and Cloud Run is still applying it ("+sendErr.Error()+"); check the service before acting again", "unknown"
		case serving[choice.Target] == 100:
			outcome = choice.Done() + ", but not confirmed before the error: " + sendErr.Error()
		default:
			outcome, changed = "not "+choice.Verb()+": "+sendErr.Error()+"; now serving "+describe(serving), "false"
		}
	}
	r.Report.SetOutput("changed", changed)
	rec := incident.Record{Subject: cfg.Service, Title: choice.Title(cfg.Service), Body: r.record(choice, outcome), When: cfg.Now()}
	if r.Incidents == nil {
		r.Report.Summary(rec.Body)
	} else if _, err := r.Incidents.File(ctx, rec); err != nil {
		r.Report.Logger().Warn("failed to file the incident record", "error", err)
	}
	return sendErr
}

// servingNow reads what the service's traffic statuses say it serves, and
// whether it is still reconciling (then they are transient).
func (r *Roller) servingNow(ctx context.Context) (map[string]int32, bool, error) {
	svc, err := r.Run.GetService(ctx, r.Config.serviceName())
	if err != nil {
		return nil, false, err
	}
	out := map[string]int32{}
	for _, t := range svc.GetTrafficStatuses() {
		out[path.Base(t.GetRevision())] += t.GetPercent()
	}
	return out, svc.GetReconciling(), nil
}

// isCallError tells an error of the update call from one of the operation:
// only the call is retried.
func isCallError(err error) bool {
	var op *OperationError
	return !errors.As(err, &op)
}

func (r *Roller) choose(ctx context.Context) (*runpb.Service, Choice, error) {
	cfg := r.Config
	svc, err := r.Run.GetService(ctx, cfg.serviceName())
	if status.Code(err) == codes.NotFound {
		return nil, Choice{}, step.Refusef("service %q does not exist in project %q, region %q; nothing was changed", cfg.Service, cfg.Project, cfg.Region)
	}
	if err != nil {
		return nil, Choice{}, fmt.Errorf("failed to read service %q: %w", cfg.Service, err)
	}
	list, err := r.Run.ListRevisions(ctx, svc.GetName())
	if err != nil {
		return nil, Choice{}, fmt.Errorf("failed to list the revisions of %q: %w", cfg.Service, err)
	}
	var revs []Revision
	for _, rv := range list {
		revs = append(revs, Revision{Name: path.Base(rv.GetName()), Service: path.Base(rv.GetService()),
			Created: rv.GetCreateTime().AsTime(), Ready: ready(rv.GetConditions())})
	}
	var traffic []Traffic
	for _, t := range svc.GetTraffic() {
		traffic = append(traffic, Traffic{Revision: t.GetRevision(), Percent: t.GetPercent(), Tag: t.GetTag(),
			Latest: t.GetType() == runpb.TrafficTargetAllocationType_TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST})
	}
	choice, err := chooseFor(cfg, revs, traffic, path.Base(svc.GetLatestReadyRevision()), svc.GetAnnotations()[RolledBackFrom])
	var refusal *RefusalError
	if errors.As(err, &refusal) {
		return nil, Choice{}, step.Refusef("%s; nothing was changed", refusal.Error())
	}
	return svc, choice, err
}

func ready(conds []*runpb.Condition) bool {
	for _, c := range conds {
		if c.GetType() == "Ready" {
			return c.GetState() == runpb.Condition_CONDITION_SUCCEEDED
		}
	}
	return false
}

// waitServing reads the service until it has reconciled and its traffic
// statuses show all traffic on target.
func (r *Roller) waitServing(ctx context.Context, target string) error {
	for {
		svc, err := r.Run.GetService(ctx, r.Config.serviceName())
		if err != nil {
			return fmt.Errorf("failed to read service %q after the change: %w", r.Config.Service, err)
		}
		if !svc.GetReconciling() {
			for _, t := range svc.GetTrafficStatuses() {
				if t.GetRevision() == target && t.GetPercent() == 100 {
					return nil
				}
			}
			if tc := svc.GetTerminalCondition(); tc != nil && tc.GetState() == runpb.Condition_CONDITION_FAILED {
				return fmt.Errorf("service %q did not become ready on %q: %s", r.Config.Service, target, tc.GetMessage())
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("service %q was still not serving %q at the timeout: %w", r.Config.Service, target, ctx.Err())
		case <-time.After(r.Poll):
		}
	}
}

func outcomeOf(c Choice, dry bool) string {
	switch {
	case !c.Changed:
		return "nothing to do: all traffic is already on the target"
	case dry:
		return "dry run: nothing was changed"
	}
	return c.Done()
}

func fromOutput(from map[string]int32) string {
	names := make([]string, 0, len(from))
	for n := range from {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s=%d", n, from[n])
	}
	return b.String()
}

// record is the Markdown record of the change, for the summary, the
// incident file and the issue.
func (r *Roller) record(c Choice, outcome string) string {
	cfg := r.Config
	reason := cfg.Reason
	if reason == "" {
		reason = "(not given)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## %s: `%s`\n\n", c.Heading(), cfg.Service)
	fmt.Fprintf(&b, "| | |\n|---|---|\n| Service | `%s` |\n| Project | `%s` |\n| Region | `%s` |\n", cfg.Service, cfg.Project, cfg.Region)
	fmt.Fprintf(&b, "| Before | %s |\n| After | %s |\n", describe(c.From), c.After())
	fmt.Fprintf(&b, "| Reason | %s |\n| Who | %s |\n| When | %s |\n| Outcome | %s |\n\n",
		strings.NewReplacer("|", "\\|", "\n", " ", "\r", " ").Replace(reason), cfg.Who, cfg.Now().UTC().Format(time.RFC3339), outcome)
	b.WriteString(c.Advice(cfg.Project, cfg.Region, cfg.Service))
	return b.String()
}
