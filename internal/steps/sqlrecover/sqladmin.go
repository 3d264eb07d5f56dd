package sqlrecover

import (
	"context"
	"log/slog"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/sqladminapi"
	sqladmin "google.golang.org/api/sqladmin/v1"
)

// SQLAdmin is the part of the Cloud SQL Admin API v1 the step uses.
type SQLAdmin interface {
	GetInstance(ctx context.Context, project, instance string) (*sqladmin.DatabaseInstance, error)
	ListInstances(ctx context.Context, project string) ([]*sqladmin.DatabaseInstance, error)
	// RecoveryTime is projects.instances.getLatestRecoveryTime.
	RecoveryTime(ctx context.Context, project, instance string) (*sqladmin.SqlInstancesGetLatestRecoveryTimeResponse, error)
	// Clone is instances.clone: sent once, never retried here.
	Clone(ctx context.Context, project, instance string, req *sqladmin.InstancesCloneRequest) (*sqladmin.Operation, error)
	GetOperation(ctx context.Context, project, operation string) (*sqladmin.Operation, error)
	// ListOperations lists an instance's operations, newest first.
	ListOperations(ctx context.Context, project, instance string) ([]*sqladmin.Operation, error)
}

// API is SQLAdmin over google.golang.org/api/sqladmin/v1, through the
// client every SQL Admin step shares: every call has its own timeout;
// reads are retried on 5xx, 429 and broken connections.
type API struct{ *sqladminapi.Client }

// NewAPI connects with Application Default Credentials, or without any to
// an emulator's endpoint; a failed read is retried after retry, then
// longer.
func NewAPI(ctx context.Context, endpoint string, retry time.Duration, log *slog.Logger) (*API, error) {
	c, err := sqladminapi.New(ctx, endpoint, log)
	if err != nil {
		return nil, err
	}
	c.Retry = retry
	return &API{Client: c}, nil
}

func (a *API) RecoveryTime(ctx context.Context, project, instance string) (*sqladmin.SqlInstancesGetLatestRecoveryTimeResponse, error) {
	return sqladminapi.Read(ctx, a.Client, "instances.getLatestRecoveryTime", func(ctx context.Context) (*sqladmin.SqlInstancesGetLatestRecoveryTimeResponse, error) {
		return a.Client.Svc.Projects.Instances.GetLatestRecoveryTime(project, instance).Context(ctx).Do()
	})
}

// Clone is sent once: the step itself judges a failure (did it start?).
func (a *API) Clone(ctx context.Context, project, instance string, req *sqladmin.InstancesCloneRequest) (*sqladmin.Operation, error) {
	ctx, cancel := context.WithTimeout(ctx, a.Client.CallTimeout)
	defer cancel()
	return a.Client.Svc.Instances.Clone(project, instance, req).Context(ctx).Do()
}

func (a *API) ListOperations(ctx context.Context, project, instance string) ([]*sqladmin.Operation, error) {
	resp, err := sqladminapi.Read(ctx, a.Client, "operations.list", func(ctx context.Context) (*sqladmin.OperationsListResponse, error) {
		return a.Client.Svc.Operations.List(project).Instance(instance).MaxResults(20).Context(ctx).Do()
	})
	if err != nil {
		return nil, err
	}
	return resp.Items, nil
}
