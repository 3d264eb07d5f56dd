package cloudrun

import (
	"context"
	"errors"
	"fmt"
	"path"
	"time"

	"cloud.google.com/go/run/apiv2/runpb"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Move is the traffic change a Choice sends to Cloud Run.
type Move struct {
	// Revision gets 100%; ignored when Latest.
	Revision string
	Latest   bool
	// Annotations are the service's annotations to write with the traffic:
	// a rollback records RolledBackFrom, a roll forward removes it.
	Annotations map[string]string
}

// MoveFor builds the traffic change of c on a service whose annotations
// are current.
func MoveFor(c Choice, current map[string]string) Move {
	ann := make(map[string]string, len(current)+1)
	for k, v := range current {
		ann[k] = v
	}
	if len(c.RolledBackFrom) == 0 {
		delete(ann, RolledBackFrom)
	} else {
		ann[RolledBackFrom] = FormatRolledBackFrom(c.RolledBackFrom)
	}
	return Move{Revision: c.Target, Latest: c.Latest, Annotations: ann}
}

// Mover moves one service's traffic.
type Mover struct {
	API                      API
	Project, Region, Service string
	// Poll is how often the service is read while it reconciles.
	Poll time.Duration
}

// Name is the service's full resource name.
func (m *Mover) Name() string {
	return fmt.Sprintf("projects/%s/locations/%s/services/%s", m.Project, m.Region, m.Service)
}

// Chooser picks the traffic change for the service as read.
type Chooser func(State) (Choice, error)

// Move reads the service and its revisions, chooses, and unless proceed
// says no (a dry run, nothing to change), sends the choice with the
// service's etag and waits until the target serves. sent tells an error
// before anything was sent (a read, a refusal: nothing changed) from one
// after (the caller says what became of the change with Settle). An update
// refused because the service changed since it was read is read and
// chosen again, at most three times in all, so the target is checked again
// on what the service is now.
func (m *Mover) Move(ctx context.Context, choose Chooser, proceed func(Choice) bool) (c Choice, sent bool, err error) {
	for attempt := 1; ; attempt++ {
		svc, st, err := m.read(ctx)
		if err != nil {
			return Choice{}, false, err
		}
		c, err := choose(st)
		if err != nil {
			return Choice{}, false, err
		}
		if !proceed(c) {
			return c, false, nil
		}
		err = m.API.SetTraffic(ctx, svc, MoveFor(c, svc.GetAnnotations()))
		if code := status.Code(err); (code == codes.Aborted || code == codes.FailedPrecondition) && attempt < 3 && isCallError(err) {
			continue
		}
		if err == nil {
			err = m.waitServing(ctx, c.Target)
		}
		if err != nil {
			err = fmt.Errorf("failed to move the traffic of %q to %q: %w", m.Service, c.Target, err)
		}
		return c, true, err
	}
}

// read reads the service and its revisions as the choice sees them.
func (m *Mover) read(ctx context.Context) (*runpb.Service, State, error) {
	svc, err := m.API.GetService(ctx, m.Name())
	if status.Code(err) == codes.NotFound {
		return nil, State{}, refuse("service %q does not exist in project %q, region %q", m.Service, m.Project, m.Region)
	}
	if err != nil {
		return nil, State{}, fmt.Errorf("failed to read service %q: %w", m.Service, err)
	}
	list, err := m.API.ListRevisions(ctx, svc.GetName())
	if err != nil {
		return nil, State{}, fmt.Errorf("failed to list the revisions of %q: %w", m.Service, err)
	}
	st := State{Service: m.Service, LatestReady: path.Base(svc.GetLatestReadyRevision()),
		RolledBackFrom: ParseRolledBackFrom(svc.GetAnnotations()[RolledBackFrom])}
	for _, rv := range list {
		st.Revisions = append(st.Revisions, Revision{Name: path.Base(rv.GetName()), Service: path.Base(rv.GetService()),
			Created: rv.GetCreateTime().AsTime(), Ready: ready(rv.GetConditions())})
	}
	for _, t := range svc.GetTraffic() {
		st.Traffic = append(st.Traffic, Traffic{Revision: t.GetRevision(), Percent: t.GetPercent(), Tag: t.GetTag(),
			Latest: t.GetType() == runpb.TrafficTargetAllocationType_TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST})
	}
	return svc, st, nil
}

func ready(conds []*runpb.Condition) bool {
	for _, c := range conds {
		if c.GetType() == "Ready" {
			return c.GetState() == runpb.Condition_CONDITION_SUCCEEDED
		}
	}
	return false
}

// isCallError tells an error of the update call from one of the operation:
// only the call is retried.
func isCallError(err error) bool {
	var op *OperationError
	return !errors.As(err, &op)
}

// waitServing reads the service until it has reconciled and its traffic
// statuses show all traffic on target.
func (m *Mover) waitServing(ctx context.Context, target string) error {
	for {
		svc, err := m.API.GetService(ctx, m.Name())
		if err != nil {
			return fmt.Errorf("failed to read service %q after the change: %w", m.Service, err)
		}
		if !svc.GetReconciling() {
			for _, t := range svc.GetTrafficStatuses() {
				if t.GetRevision() == target && t.GetPercent() == 100 {
					return nil
				}
			}
			if tc := svc.GetTerminalCondition(); tc != nil && tc.GetState() == runpb.Condition_CONDITION_FAILED {
				return fmt.Errorf("service %q did not become ready on %q: %s", m.Service, target, tc.GetMessage())
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("service %q was still not serving %q at the timeout: %w", m.Service, target, ctx.Err())
		case <-time.After(m.Poll):
		}
	}
}

// Outcome is what became of a change that was sent.
type Outcome struct {
	// Changed is "true" when the traffic moved, "false" when it did not,
	// "unknown" when the service could not say.
	Changed string
	// Text says it in words, for the record.
	Text string
}

// Settle says what became of c, sent with the error sendErr (nil: it was
// confirmed). After an error, the job may be cancelled or out of time: the
// service is read once more on a context of its own, to say what is true
// now. A cancelled job is killed 10 s after its first signal, so the read
// is kept short enough to leave time for the record.
func (m *Mover) Settle(ctx context.Context, c Choice, sendErr error) Outcome {
	if sendErr == nil {
		return Outcome{Changed: "true", Text: c.Done()}
	}
	reread := 10 * time.Second
	if errors.Is(ctx.Err(), context.Canceled) {
		reread = 3 * time.Second
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), reread)
	defer cancel()
	switch serving, reconciling, err := m.servingNow(rctx); {
	case err != nil:
		return Outcome{"unknown", "unknown: the change was sent but the service could not be read again (" + err.Error() + "); check it before acting again"}
	case reconciling:
		// What it serves is in flux until Cloud Run is done: the change
		// may yet take effect.
		return Outcome{"unknown", "unknown: the change was sent and Cloud Run is still applying it (" + sendErr.Error() + "); check the service before acting again"}
	case serving[c.Target] == 100:
		return Outcome{"true", c.Done() + ", but not confirmed before the error: " + sendErr.Error()}
	default:
		return Outcome{"false", "not " + c.Verb() + ": " + sendErr.Error() + "; now serving " + Describe(serving)}
	}
}

// servingNow reads what the service's traffic statuses say it serves, and
// whether it is still reconciling (then they are transient).
func (m *Mover) servingNow(ctx context.Context) (map[string]int32, bool, error) {
	svc, err := m.API.GetService(ctx, m.Name())
	if err != nil {
		return nil, false, err
	}
	out := map[string]int32{}
	for _, t := range svc.GetTrafficStatuses() {
		out[path.Base(t.GetRevision())] += t.GetPercent()
	}
	return out, svc.GetReconciling(), nil
}
