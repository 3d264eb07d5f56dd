package sqlrecover

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"

	"google.golang.org/api/googleapi"
	sqladmin "google.golang.org/api/sqladmin/v1"
)

// Decisions, as pure functions of what the API said.

// MinLogRetentionDays is how many days of transaction logs production keeps
// (our strategy: any minute of the last 7 days).
const MinLogRetentionDays = 7

// Window is the span an instance can be recovered to.
type Window struct {
	Start, End time.Time
	// Estimated is set when the API gave no earliest time and the start
	// was derived from the log retention.
	Estimated bool
}

func (w Window) String() string {
	s := fmt.Sprintf("%s to %s", w.Start.Format(time.RFC3339Nano), w.End.Format(time.RFC3339Nano))
	if w.Estimated {
		s += " (start estimated from the log retention)"
	}
	return s
}

// refuse is a verdict against recovering: nothing was changed.
func refuse(format string, args ...any) error { return fault.Refusef(format, args...) }

// pitrOn reports whether an instance keeps the logs point-in-time recovery
// replays: pointInTimeRecoveryEnabled for PostgreSQL and SQL Server, binary
// logs for MySQL.
func pitrOn(inst *sqladmin.DatabaseInstance) bool {
	bc := backupConfig(inst)
	if strings.HasPrefix(inst.DatabaseVersion, "MYSQL") {
		return bc.BinaryLogEnabled
	}
	return bc.PointInTimeRecoveryEnabled
}

func backupConfig(inst *sqladmin.DatabaseInstance) *sqladmin.BackupConfiguration {
	if inst.Settings == nil || inst.Settings.BackupConfiguration == nil {
		return &sqladmin.BackupConfiguration{}
	}
	return inst.Settings.BackupConfiguration
}

// Recoverable says whether the source can be cloned to a point in time.
func Recoverable(inst *sqladmin.DatabaseInstance) error {
	switch {
	case inst.State != "RUNNABLE":
		return refuse("instance %q is %s, not RUNNABLE; recover once it runs, or from its backups by hand", inst.Name, inst.State)
	case !backupConfig(inst).Enabled || !pitrOn(inst):
		return refuse("instance %q has point-in-time recovery off, so it cannot be recovered to a time; restore a backup instead", inst.Name)
	}
	return nil
}

// RecoveryWindow reads getLatestRecoveryTime's answer. Without an earliest
// time (older answers), the start is the latest time less the log
// retention, and says it is an estimate.
func RecoveryWindow(resp *sqladmin.SqlInstancesGetLatestRecoveryTimeResponse, inst *sqladmin.DatabaseInstance) (Window, error) {
	end, err := time.Parse(time.RFC3339Nano, resp.LatestRecoveryTime)
	if err != nil {
		return Window{}, fmt.Errorf("the API gave no usable latestRecoveryTime (%q)", resp.LatestRecoveryTime)
	}
	w := Window{End: end.UTC()}
	if resp.EarliestRecoveryTime == "" {
		days := backupConfig(inst).TransactionLogRetentionDays
		if days == 0 {
			days = MinLogRetentionDays
		}
		w.Start, w.Estimated = w.End.Add(-time.Duration(days)*24*time.Hour), true
		return w, nil
	}
	start, err := time.Parse(time.RFC3339Nano, resp.EarliestRecoveryTime)
	if err != nil {
		return Window{}, fmt.Errorf("the API gave no usable earliestRecoveryTime (%q)", resp.EarliestRecoveryTime)
	}
	w.Start = start.UTC()
	if w.Start.After(w.End) {
		return Window{}, fmt.Errorf("the API gave an empty window: %s", w)
	}
	return w, nil
}

// Inside refuses a time outside the window, naming it.
func Inside(at time.Time, w Window) error {
	if at.Before(w.Start) || at.After(w.End) {
		return refuse("point in time %s is outside the recovery window, %s; choose a time inside it",
			at.UTC().Format(time.RFC3339Nano), w)
	}
	return nil
}

// cloneFailure is what a failed clone request means.
type cloneFailure int

const (
	// rejected: the API answered that it did not clone (4xx): say why.
	rejected cloneFailure = iota
	// exists: the target instance exists already (409).
	exists
	// notTried: the API refused to look at the request (429): nothing was
	// done, it may be sent again after a pause.
	notTried
	// unsure: a 5xx or no answer at all: the clone may have started. Look
	// for the target and its operation before anything else.
	unsure
)

// classifyClone tells what a failed clone request means.
func classifyClone(err error) cloneFailure {
	var ge *googleapi.Error
	if !errors.As(err, &ge) {
		return unsure // the connection broke, or no answer came in time
	}
	switch {
	case ge.Code == http.StatusConflict:
		return exists
	case ge.Code == http.StatusTooManyRequests:
		return notTried
	case ge.Code >= 500:
		return unsure
	}
	return rejected
}

// cloneOperation picks the clone operation that creates target among an
// instance's operations, the newest first, or nil.
func cloneOperation(ops []*sqladmin.Operation, target string) *sqladmin.Operation {
	for _, op := range ops {
		if op.OperationType == "CLONE" && op.TargetId == target {
			return op
		}
	}
	return nil
}

// InstanceCheck is check mode's verdict on one instance.
type InstanceCheck struct {
	Instance      string
	State         string
	Backups       bool
	PITR          bool
	RetentionDays int64
	Window        *Window
	Problems      []string
}

// CheckInstance judges whether an instance can be recovered the way our
// strategy promises: backups on, point-in-time recovery on, logs kept for
// at least MinLogRetentionDays.
func CheckInstance(inst *sqladmin.DatabaseInstance) InstanceCheck {
	bc := backupConfig(inst)
	c := InstanceCheck{Instance: inst.Name, State: inst.State, Backups: bc.Enabled, PITR: pitrOn(inst), RetentionDays: bc.TransactionLogRetentionDays}
	if !c.Backups {
		c.Problems = append(c.Problems, "backups are off")
	}
	if !c.PITR {
		c.Problems = append(c.Problems, "point-in-time recovery is off")
	}
	if c.PITR && c.RetentionDays < MinLogRetentionDays {
		c.Problems = append(c.Problems, fmt.Sprintf("transaction logs are kept %d day(s), fewer than %d", c.RetentionDays, MinLogRetentionDays))
	}
	return c
}
