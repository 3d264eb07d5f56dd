package sqlrecover

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/api/googleapi"
	sqladmin "google.golang.org/api/sqladmin/v1"
)

func instance(mod func(*sqladmin.DatabaseInstance)) *sqladmin.DatabaseInstance {
	inst := &sqladmin.DatabaseInstance{Name: "db", State: "RUNNABLE", DatabaseVersion: "POSTGRES_16",
		Settings: &sqladmin.Settings{BackupConfiguration: &sqladmin.BackupConfiguration{
			Enabled: true, PointInTimeRecoveryEnabled: true, TransactionLogRetentionDays: 7}}}
	if mod != nil {
		mod(inst)
	}
	return inst
}

func TestRecoverable(t *testing.T) {
	for name, tc := range map[string]struct {
		inst *sqladmin.DatabaseInstance
		want string // "" for recoverable
	}{
		"postgres with pitr": {instance(nil), ""},
		"mysql with binlog": {instance(func(i *sqladmin.DatabaseInstance) {
			i.DatabaseVersion, i.Settings.BackupConfiguration.PointInTimeRecoveryEnabled, i.Settings.BackupConfiguration.BinaryLogEnabled = "MYSQL_8_0", false, true
		}), ""},
		"mysql without binlog": {instance(func(i *sqladmin.DatabaseInstance) { i.DatabaseVersion = "MYSQL_8_0" }), "point-in-time recovery off"},
		"stopped":              {instance(func(i *sqladmin.DatabaseInstance) { i.State = "STOPPED" }), "is STOPPED, not RUNNABLE"},
		"backups off":          {instance(func(i *sqladmin.DatabaseInstance) { i.Settings.BackupConfiguration.Enabled = false }), "point-in-time recovery off"},
		"no settings":          {instance(func(i *sqladmin.DatabaseInstance) { i.Settings = nil }), "point-in-time recovery off"},
	} {
		err := Recoverable(tc.inst)
		var r *fault.VerdictError
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case tc.want != "" && (!errors.As(err, &r) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: err %v, want a refusal saying %q", name, err, tc.want)
		}
	}
}

func TestRecoveryWindowAndInside(t *testing.T) {
	start, end := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 26, 9, 45, 30, 0, time.UTC)
	w, err := RecoveryWindow(&sqladmin.SqlInstancesGetLatestRecoveryTimeResponse{
		EarliestRecoveryTime: "2026-11-19T10:00:00+01:00", LatestRecoveryTime: "2026-11-26T09:45:30.000Z"}, instance(nil))
	if err != nil || !w.Start.Equal(start) || !w.End.Equal(end) || w.Estimated || w.Start.Location() != time.UTC {
		t.Fatalf("window %+v, %v", w, err)
	}
	for at, ok := range map[time.Time]bool{start: true, end: true, start.Add(-time.Second): false, end.Add(time.Nanosecond): false, start.Add(time.Hour): true} {
		if err := Inside(at, w); (err == nil) != ok {
			t.Errorf("Inside(%s) = %v", at, err)
		} else if err != nil && !strings.Contains(err.Error(), "2026-11-19T09:00:00Z to 2026-11-26T09:45:30Z") {
			t.Errorf("the refusal does not name the window: %v", err)
		}
	}
	// No earliest time: estimated from the retention.
	est, err := RecoveryWindow(&sqladmin.SqlInstancesGetLatestRecoveryTimeResponse{LatestRecoveryTime: "2026-11-26T09:45:30Z"},
		instance(func(i *sqladmin.DatabaseInstance) { i.Settings.BackupConfiguration.TransactionLogRetentionDays = 3 }))
	if err != nil || !est.Estimated || !est.Start.Equal(end.Add(-72*time.Hour)) || !strings.Contains(est.String(), "estimated") {
		t.Errorf("estimated window %+v, %v", est, err)
	}
	for _, bad := range []*sqladmin.SqlInstancesGetLatestRecoveryTimeResponse{
		{},
		{LatestRecoveryTime: "yesterday"},
		{LatestRecoveryTime: "2026-11-26T09:45:30Z", EarliestRecoveryTime: "x"},
		{LatestRecoveryTime: "2026-11-19T09:45:30Z", EarliestRecoveryTime: "2026-11-26T09:45:30Z"},
	} {
		if _, err := RecoveryWindow(bad, instance(nil)); err == nil {
			t.Errorf("RecoveryWindow(%+v) accepted", bad)
		}
	}
}

func TestClassifyClone(t *testing.T) {
	for name, tc := range map[string]struct {
		err  error
		want cloneFailure
	}{
		"409":         {&googleapi.Error{Code: http.StatusConflict}, exists},
		"400":         {&googleapi.Error{Code: http.StatusBadRequest}, rejected},
		"403":         {&googleapi.Error{Code: http.StatusForbidden}, rejected},
		"429":         {&googleapi.Error{Code: http.StatusTooManyRequests}, notTried},
		"503":         {&googleapi.Error{Code: http.StatusServiceUnavailable}, unsure},
		"500 wrapped": {errors.Join(errors.New("x"), &googleapi.Error{Code: 500}), unsure},
		"no answer":   {errors.New("read tcp: connection reset by peer"), unsure},
	} {
		if got := classifyClone(tc.err); got != tc.want {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}
}

func TestCloneOperationPicksTheTargetsClone(t *testing.T) {
	ops := []*sqladmin.Operation{
		{Name: "backup", OperationType: "BACKUP_VOLUME", TargetId: "db-pitr-1"},
		{Name: "other-clone", OperationType: "CLONE", TargetId: "db-pitr-2"},
		{Name: "ours", OperationType: "CLONE", TargetId: "db-pitr-1"},
		{Name: "older", OperationType: "CLONE", TargetId: "db-pitr-1"},
	}
	if op := cloneOperation(ops, "db-pitr-1"); op == nil || op.Name != "ours" {
		t.Errorf("picked %+v", op)
	}
	if op := cloneOperation(ops, "db-pitr-3"); op != nil {
		t.Errorf("picked %+v for a target without a clone", op)
	}
}

func TestCheckInstance(t *testing.T) {
	for name, tc := range map[string]struct {
		inst *sqladmin.DatabaseInstance
		want []string
	}{
		"good":        {instance(nil), nil},
		"backups off": {instance(func(i *sqladmin.DatabaseInstance) { i.Settings.BackupConfiguration.Enabled = false }), []string{"backups are off"}},
		"pitr off":    {instance(func(i *sqladmin.DatabaseInstance) { i.Settings.BackupConfiguration.PointInTimeRecoveryEnabled = false }), []string{"point-in-time recovery is off"}},
		"3 days":      {instance(func(i *sqladmin.DatabaseInstance) { i.Settings.BackupConfiguration.TransactionLogRetentionDays = 3 }), []string{"transaction logs are kept 3 day(s), fewer than 7"}},
		"nothing": {instance(func(i *sqladmin.DatabaseInstance) { i.Settings.BackupConfiguration = nil }),
			[]string{"backups are off", "point-in-time recovery is off"}},
	} {
		if diff := cmp.Diff(tc.want, CheckInstance(tc.inst).Problems); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
	}
}

func TestNames(t *testing.T) {
	at := time.Date(2026, 11, 26, 10, 30, 59, 0, time.FixedZone("CET", 3600))
	if got := DefaultTarget("olympus-db", at); got != "olympus-db-pitr-202611260930" {
		t.Errorf("DefaultTarget = %q", got)
	}
	for _, ok := range []string{"olympus-db", "a", "db-2"} {
		if err := ValidInstance(ok); err != nil {
			t.Errorf("ValidInstance(%q) = %v", ok, err)
		}
	}
	for _, bad := range []string{"Olympus", "1db", "db-", "db_x", "db.x", ""} {
		if ValidInstance(bad) == nil {
			t.Errorf("ValidInstance(%q) accepted", bad)
		}
	}
	if err := checkTarget("olympus-prod-9c3f", strings.Repeat("d", 81)); err == nil || !strings.Contains(err.Error(), "more than Cloud SQL's 98") {
		t.Errorf("checkTarget of a long name: %v", err)
	}
	for _, bad := range []string{"ftp://x", "http://", "127.0.0.1:80", "http://u:p@host", "http://h/?q=1"} {
		if ValidEndpoint(bad) == nil {
			t.Errorf("ValidEndpoint(%q) accepted", bad)
		}
	}
	if _, err := ParsePointInTime("2026-11-26T09:30:00"); err == nil {
		t.Error("a time without a zone was accepted")
	}
}

// A time with a fraction of a second is shown as given: cut to the second,
// a refused time looked inside the window it was refused for, and the
// record named another time than the one cloned.
func TestFractionsOfASecondAreShown(t *testing.T) {
	w := Window{Start: time.Date(2026, 11, 19, 9, 0, 0, 500_000_000, time.UTC), End: time.Date(2026, 11, 26, 9, 45, 30, 0, time.UTC)}
	err := Inside(w.End.Add(250*time.Millisecond), w)
	if err == nil || !strings.Contains(err.Error(), "2026-11-26T09:45:30.25Z is outside") || !strings.Contains(err.Error(), "2026-11-19T09:00:00.5Z to") {
		t.Errorf("refusal %v", err)
	}
	r, _ := recoverer(fake())
	r.Config.PointInTime = time.Date(2026, 11, 26, 9, 30, 0, 750_000_000, time.UTC)
	sum := r.summary(&recovery{window: &w, sent: true})
	if !strings.Contains(sum, "| Point in time | 2026-11-26T09:30:00.75Z |") {
		t.Errorf("summary:\n%s", sum)
	}
}

// Text from the API stays inside its table cell or code span: a carriage
// return ends a Markdown line as a line feed does, and a backtick ends a
// code span.
func TestAPITextStaysInItsPlaceInTheRecord(t *testing.T) {
	r, _ := recoverer(fake())
	rec := &recovery{sent: true, operation: "op-1`\r## forged [link](https://evil.example)\n`x",
		outcome: "failed: the clone operation ended in error: quota\r## forged heading",
		source:  &sqladmin.DatabaseInstance{ConnectionName: "p:r:db`\r## forged", DatabaseVersion: "POSTGRES_16\r## forged"}}
	sum := r.summary(rec) + checkSummary(r.Config, []InstanceCheck{{Instance: "db`\r## forged", State: "RUNNABLE\r## forged|"}}, 0)
	for _, line := range strings.FieldsFunc(sum, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if strings.HasPrefix(strings.TrimSpace(line), "## forged") {
			t.Errorf("API text made its own line %q:\n%s", line, sum)
		}
	}
	// Each name is one code span that no backtick in it can close
	// (report.Code: longer delimiters), in its cell.
	for _, name := range []string{"p:r:db`\r## forged", "db`\r## forged"} {
		if !strings.Contains(sum, report.Cell(report.Code(name))) {
			t.Errorf("%q is not one code span:\n%s", name, sum)
		}
	}
}

// A name that is only too long says so, and the limit, rather than
// listing characters it does not contain.
func TestALongInstanceNameSaysItIsTooLong(t *testing.T) {
	err := ValidInstance(strings.Repeat("d", 92))
	if err == nil || !strings.Contains(err.Error(), "92 characters") || !strings.Contains(err.Error(), "91") {
		t.Errorf("ValidInstance of a long name: %v", err)
	}
	if err := ValidInstance(strings.Repeat("d", 91)); err != nil {
		t.Errorf("ValidInstance of 91 characters: %v", err)
	}
}

// RFC 3339 allows "t" and "z" in lower case (section 5.6); Go's layout
// does not.
func TestPointInTimeAcceptsLowerCaseTAndZ(t *testing.T) {
	want := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	for _, v := range []string{"2026-11-26t09:30:00z", "2026-11-26t10:30:00+01:00", "2026-11-26T09:30:00z", "2026-11-26t09:30:00.000Z"} {
		got, err := ParsePointInTime(v)
		if err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("ParsePointInTime(%q) = %v, %v", v, got, err)
		}
		if err := ValidPointInTime(v); err != nil {
			t.Errorf("ValidPointInTime(%q) = %v", v, err)
		}
	}
	for _, bad := range []string{"2026-11-26x09:30:00z", "2026-11-26t09:30:00y", "2026-11-26 09:30:00Z"} {
		if _, err := ParsePointInTime(bad); err == nil {
			t.Errorf("ParsePointInTime(%q) accepted", bad)
		}
	}
}

// After a failed clone the record says what to do about a half-made
// target (look for it, delete it, run again), never to promote it.
func TestAFailedClonesRecordSaysToCleanUpAndRetry(t *testing.T) {
	for name, rec := range map[string]*recovery{
		"operation error": {sent: true, failed: true, operation: "op-1", outcome: "failed: the clone operation op-1 ended in error: not enough quota"},
		"no answer":       {sent: true, failed: true, outcome: "failed: failed to clone \"db\" after 3 requests: 502"},
	} {
		t.Run(name, func(t *testing.T) {
			r, _ := recoverer(fake())
			sum := r.summary(rec)
			for _, want := range []string{"gcloud sql instances describe db-new --project p", "gcloud sql instances delete db-new --project p", "run the recovery again"} {
				if !strings.Contains(sum, want) {
					t.Errorf("the record does not say %q:\n%s", want, sum)
				}
			}
			if strings.Contains(strings.ToLower(sum), "promot") {
				t.Errorf("a failed clone's record says to promote:\n%s", sum)
			}
		})
	}
	r, _ := recoverer(fake())
	done := r.summary(&recovery{sent: true, operation: "op-1", connection: "p:r:db-new", outcome: "recovered into `db-new` (RUNNABLE)"})
	if strings.Contains(done, "instances delete db-new") || !strings.Contains(done, "Check the recovered data") {
		t.Errorf("a recovered instance's record:\n%s", done)
	}
}
