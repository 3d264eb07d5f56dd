package sqlrecover

import (
	"context"
	"io"
	"log/slog"
	"net/http"
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
	instances map[string]*sqladmin.DatabaseInstance
	window    *sqladmin.SqlInstancesGetLatestRecoveryTimeResponse
	cloneErrs []error // answered in turn before the clone succeeds
	polls     int     // operation reads before DONE
}

func (f *fakeAdmin) GetInstance(_ context.Context, _, name string) (*sqladmin.DatabaseInstance, error) {
	f.calls = append(f.calls, "get "+name)
	if inst, ok := f.instances[name]; ok {
		return inst, nil
	}
	return nil, &googleapi.Error{Code: http.StatusNotFound}
}

func (f *fakeAdmin) ListInstances(context.Context, string) ([]*sqladmin.DatabaseInstance, error) {
	f.calls = append(f.calls, "list instances")
	return nil, nil
}

func (f *fakeAdmin) RecoveryTime(_ context.Context, _, name string) (*sqladmin.SqlInstancesGetLatestRecoveryTimeResponse, error) {
	f.calls = append(f.calls, "window "+name)
	return f.window, nil
}

func (f *fakeAdmin) Clone(_ context.Context, _, name string, req *sqladmin.InstancesCloneRequest) (*sqladmin.Operation, error) {
	f.calls = append(f.calls, "clone "+name+" at "+req.CloneContext.PointInTime+" into "+req.CloneContext.DestinationInstanceName)
	if len(f.cloneErrs) > 0 {
		err := f.cloneErrs[0]
		f.cloneErrs = f.cloneErrs[1:]
		return nil, err
	}
	return &sqladmin.Operation{Name: "op-1", Status: "PENDING", OperationType: "CLONE"}, nil
}

func (f *fakeAdmin) GetOperation(_ context.Context, _, name string) (*sqladmin.Operation, error) {
	f.calls = append(f.calls, "operation "+name)
	if f.polls--; f.polls > 0 {
		return &sqladmin.Operation{Name: name, Status: "RUNNING"}, nil
	}
	f.instances["db-new"] = &sqladmin.DatabaseInstance{Name: "db-new", State: "RUNNABLE", ConnectionName: "p:r:db-new"}
	return &sqladmin.Operation{Name: name, Status: "DONE"}, nil
}

func (f *fakeAdmin) ListOperations(_ context.Context, _, name string) ([]*sqladmin.Operation, error) {
	f.calls = append(f.calls, "operations of "+name)
	return nil, nil
}

type nullReport struct{ outputs map[string]string }

func (n *nullReport) Mask(string)                  {}
func (n *nullReport) SetOutput(name, value string) { n.outputs[name] = value }
func (n *nullReport) Summary(string)               {}
func (n *nullReport) Annotate(step.Annotation)     {}
func (n *nullReport) Logger() *slog.Logger         { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
func (n *nullReport) Redact(s string) string       { return s }

func recoverer(api *fakeAdmin) (*Recoverer, *nullReport) {
	rep := &nullReport{outputs: map[string]string{}}
	return &Recoverer{
		Config: Config{Mode: "recover", Project: "p", Instance: "db", Target: "db-new",
			PointInTime: time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC), Now: time.Now},
		API: api, Report: rep,
	}, rep
}

func fake() *fakeAdmin {
	return &fakeAdmin{
		instances: map[string]*sqladmin.DatabaseInstance{"db": instance(nil)},
		window:    &sqladmin.SqlInstancesGetLatestRecoveryTimeResponse{EarliestRecoveryTime: "2026-11-19T09:00:00Z", LatestRecoveryTime: "2026-11-26T10:00:00Z"},
		polls:     3,
	}
}

func TestProcessCallsInOrder(t *testing.T) {
	api := fake()
	r, rep := recoverer(api)
	if err := r.Process(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{"get db", "window db", "get db-new", "clone db at 2026-11-26T09:30:00Z into db-new",
		"operation op-1", "operation op-1", "operation op-1", "get db-new"}
	if diff := cmp.Diff(want, api.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
	if rep.outputs["connection-name"] != "p:r:db-new" || rep.outputs["operation"] != "op-1" {
		t.Errorf("outputs %v", rep.outputs)
	}
}

func TestProcessRefusesBeforeAnyClone(t *testing.T) {
	api := fake()
	r, _ := recoverer(api)
	r.Config.PointInTime = time.Date(2026, 11, 26, 10, 0, 1, 0, time.UTC)
	err := r.Process(context.Background())
	if step.ExitCode(err) != step.ExitVerdict {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if diff := cmp.Diff([]string{"get db", "window db"}, api.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}

func TestProcessLooksBeforeSendingTheCloneAgain(t *testing.T) {
	api := fake()
	api.cloneErrs = []error{&googleapi.Error{Code: http.StatusBadGateway}}
	r, _ := recoverer(api)
	if err := r.Process(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := []string{"get db", "window db", "get db-new",
		"clone db at 2026-11-26T09:30:00Z into db-new",
		"get db-new", "operations of db-new", "operations of db", // nothing started
		"clone db at 2026-11-26T09:30:00Z into db-new",
		"operation op-1", "operation op-1", "operation op-1", "get db-new"}
	if diff := cmp.Diff(want, api.calls); diff != "" {
		t.Errorf("calls (-want +got):\n%s", diff)
	}
}
