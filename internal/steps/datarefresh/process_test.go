package datarefresh

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"google.golang.org/api/googleapi"
	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// fakeAdmin answers from fixed data and records every call.
type fakeAdmin struct {
	calls     []string
	instances map[string]*sqladmin.DatabaseInstance // project/name
	runs      []*sqladmin.BackupRun
	deleteErr []error // answered in turn before the delete is accepted
}

func (f *fakeAdmin) log(s string) { f.calls = append(f.calls, s) }

func (f *fakeAdmin) GetInstance(_ context.Context, project, name string) (*sqladmin.DatabaseInstance, error) {
	f.log("get " + name)
	if inst, ok := f.instances[project+"/"+name]; ok {
		return inst, nil
	}
	return nil, &googleapi.Error{Code: http.StatusNotFound}
}

func (f *fakeAdmin) ListInstances(context.Context, string) ([]*sqladmin.DatabaseInstance, error) {
	f.log("list instances")
	return nil, nil
}

func (f *fakeAdmin) ListBackupRuns(_ context.Context, _, name string) ([]*sqladmin.BackupRun, error) {
	f.log("backups of " + name)
	if name == "src" {
		return f.runs, nil
	}
	return nil, nil
}

func (f *fakeAdmin) ListDatabases(_ context.Context, _, name string) ([]*sqladmin.Database, error) {
	f.log("databases of " + name)
	return []*sqladmin.Database{{Name: "app"}, {Name: "template1"}}, nil
}

func (f *fakeAdmin) ListUsers(_ context.Context, _, name string) ([]*sqladmin.User, error) {
	f.log("users of " + name)
	return []*sqladmin.User{{Name: "app@p.iam", Type: "CLOUD_IAM_SERVICE_ACCOUNT"}, {Name: "postgres", Type: "BUILT_IN"}}, nil
}

func (f *fakeAdmin) InsertInstance(_ context.Context, project string, inst *sqladmin.DatabaseInstance) (*sqladmin.Operation, error) {
	f.log("insert " + inst.Name)
	inst.ConnectionName = project + ":r:" + inst.Name
	f.instances[project+"/"+inst.Name] = inst
	return &sqladmin.Operation{Name: "op", Status: "DONE"}, nil
}

func (f *fakeAdmin) RestoreBackup(_ context.Context, _, name string, req *sqladmin.InstancesRestoreBackupRequest) (*sqladmin.Operation, error) {
	f.log("restore " + req.RestoreBackupContext.InstanceId + " into " + name)
	return &sqladmin.Operation{Name: "op", Status: "DONE"}, nil
}

func (f *fakeAdmin) InsertBackupRun(_ context.Context, _, name string, _ *sqladmin.BackupRun) (*sqladmin.Operation, error) {
	f.log("backup " + name)
	return &sqladmin.Operation{Name: "op", Status: "DONE", BackupContext: &sqladmin.BackupContext{BackupId: 77}}, nil
}

func (f *fakeAdmin) InsertUser(_ context.Context, _, name string, u *sqladmin.User) (*sqladmin.Operation, error) {
	f.log("user " + u.Name + " on " + name)
	return &sqladmin.Operation{Name: "op", Status: "DONE"}, nil
}

func (f *fakeAdmin) DeleteInstance(_ context.Context, _, name string) (*sqladmin.Operation, error) {
	f.log("delete " + name)
	if len(f.deleteErr) > 0 {
		err := f.deleteErr[0]
		f.deleteErr = f.deleteErr[1:]
		return nil, err
	}
	return &sqladmin.Operation{Name: "op", Status: "DONE"}, nil
}

func (f *fakeAdmin) GetOperation(_ context.Context, _, name string) (*sqladmin.Operation, error) {
	f.log("operation " + name)
	return &sqladmin.Operation{Name: name, Status: "DONE"}, nil
}

// fakeDB is one database app with users.email, sanitized or not.
type fakeDB struct {
	calls     *[]string
	sanitizes bool // whether the SQL really changes the values
}

func (d *fakeDB) Open(_ context.Context, conn, db, user string) (Session, error) {
	*d.calls = append(*d.calls, "open "+db+" of "+conn+" as "+user)
	return &fakeSession{d: d}, nil
}
func (d *fakeDB) Close() error { return nil }

type fakeSession struct {
	d    *fakeDB
	done bool
}

func (s *fakeSession) Columns(context.Context) ([]Column, error) {
	return []Column{{"public", "users", "id"}, {"public", "users", "email"}}, nil
}

func (s *fakeSession) Sample(_ context.Context, table string, cols []Column, n int) (map[Column][]string, error) {
	*s.d.calls = append(*s.d.calls, "sample "+table)
	return map[Column][]string{cols[0]: {"a@x", "b@x"}}, nil
}

func (s *fakeSession) Sanitize(_ context.Context, files []SQLFile) error {
	*s.d.calls = append(*s.d.calls, "sanitize "+files[0].Path)
	s.done = s.d.sanitizes
	return nil
}

func (s *fakeSession) Survivors(_ context.Context, table string, samples map[Column][]string) (map[Column]Count, error) {
	*s.d.calls = append(*s.d.calls, "verify "+table)
	out := map[Column]Count{}
	for c, v := range samples {
		out[c] = Count{NonNull: 2}
		if !s.done {
			out[c] = Count{Survived: int64(len(v)), NonNull: 2}
		}
	}
	return out, nil
}

func (s *fakeSession) Close(context.Context) error { return nil }

type nullReport struct{ outputs map[string]string }

func (n *nullReport) Mask(string)                  {}
func (n *nullReport) SetOutput(name, value string) { n.outputs[name] = value }
func (n *nullReport) Summary(string)               {}
func (n *nullReport) Annotate(step.Annotation)     {}
func (n *nullReport) Logger() *slog.Logger         { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
func (n *nullReport) Redact(s string) string       { return s }

func refresher(sanitizes bool) (*Refresher, *fakeAdmin, *nullReport) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	pg := func(name string, network string) *sqladmin.DatabaseInstance {
		return &sqladmin.DatabaseInstance{Name: name, Region: "r", DatabaseVersion: "POSTGRES_16",
			Settings: &sqladmin.Settings{Tier: "db-custom-2-7680", IpConfiguration: &sqladmin.IpConfiguration{PrivateNetwork: network}}}
	}
	api := &fakeAdmin{instances: map[string]*sqladmin.DatabaseInstance{"sp/src": pg("src", ""), "tp/dst": pg("dst", "net")},
		runs: []*sqladmin.BackupRun{{Id: 5, Status: "SUCCESSFUL", EndTime: now.Add(-time.Hour).Format(time.RFC3339)}}}
	rules := &DatabaseRules{Name: "app", Columns: map[Column]Rule{{"public", "users", "email"}: {Kind: RuleFake}},
		Files: []SQLFile{{Path: "app/1.sql", SQL: "update users set email = null"}}}
	rep := &nullReport{outputs: map[string]string{}}
	return &Refresher{
		Config: Config{SourceEnv: "prod", TargetEnv: "staging", SourceProject: "sp", SourceInstance: "src", TargetProject: "tp", TargetInstance: "dst",
			MaxBackupAge: 26 * time.Hour, Sanitize: &Sanitization{Databases: []*DatabaseRules{rules}}, ServiceAccount: "dr@tp.iam.gserviceaccount.com",
			RunID: "9", Now: func() time.Time { return now }},
		API: api, DB: &fakeDB{calls: &api.calls, sanitizes: sanitizes}, Report: rep, PollFirst: time.Millisecond, PollMost: time.Millisecond, CleanupTimeout: time.Second,
	}, api, rep
}

func TestProcessCallsInOrder(t *testing.T) {
	r, api, rep := refresher(true)
	if err := r.Process(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{"get src", "get dst", "backups of src", "list instances", "backups of dst",
		"users of dst", "insert dst-refresh-9", "restore src into dst-refresh-9", "users of dst-refresh-9",
		"user dr@tp.iam on dst-refresh-9", // app@p.iam came with the backup's users in this fake
		"databases of dst-refresh-9", "get dst-refresh-9", "open app of tp:r:dst-refresh-9 as dr@tp.iam",
		"sample public.users", "sanitize app/1.sql", "verify public.users",
		"backup dst-refresh-9", "restore dst-refresh-9 into dst", "delete dst-refresh-9"}
	if diff := cmp.Diff(want, api.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if rep.outputs["target-restored"] != "true" || rep.outputs["verification"] != "passed" || rep.outputs["backup-id"] != "5" {
		t.Errorf("outputs %v", rep.outputs)
	}
}

// A verification that fails stops before the scratch is backed up: the
// target is never restored, and the scratch is deleted.
func TestProcessNeverRestoresWhatFailedVerification(t *testing.T) {
	r, api, rep := refresher(false)
	err := r.Process(context.Background())
	if step.ExitCode(err) != step.ExitVerdict || !strings.Contains(err.Error(), "the verification failed") {
		t.Fatalf("err %v", err)
	}
	calls := strings.Join(api.calls, "\n")
	if strings.Contains(calls, "into dst\n") || strings.Contains(calls, "backup dst-refresh-9") || !strings.HasSuffix(calls, "verify public.users\ndelete dst-refresh-9") {
		t.Errorf("calls:\n%s", calls)
	}
	if rep.outputs["target-restored"] != "false" || rep.outputs["verification"] != "failed" {
		t.Errorf("outputs %v", rep.outputs)
	}
}

// The delete is sent again while another operation runs on the scratch
// (409), and the record says the scratch was deleted.
func TestProcessDeletesTheScratchOnceItsOperationEnds(t *testing.T) {
	r, api, _ := refresher(true)
	api.deleteErr = []error{&googleapi.Error{Code: http.StatusConflict}, &googleapi.Error{Code: http.StatusConflict}}
	rec := &refresh{scratch: "dst-refresh-9", scratchSent: true}
	r.deleteScratch(context.Background(), rec)
	if rec.scratchFate != "deleted" || strings.Count(strings.Join(api.calls, " "), "delete dst-refresh-9") != 3 {
		t.Errorf("fate %q, calls %v", rec.scratchFate, api.calls)
	}
	api.deleteErr = []error{&googleapi.Error{Code: http.StatusForbidden, Message: "denied"}}
	rec = &refresh{scratch: "dst-refresh-9", scratchSent: true}
	r.deleteScratch(context.Background(), rec)
	if !strings.Contains(rec.scratchFate, "**not deleted**") || !strings.Contains(rec.scratchFate, "gcloud sql instances delete dst-refresh-9 --project tp") {
		t.Errorf("fate %q", rec.scratchFate)
	}
}
