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
type API struct{ c *sqladminapi.Client }

// NewAPI connects with Application Default Credentials, or without any to
// an emulator's endpoint; a failed read is retried after retry, then
// longer.
func NewAPI(ctx context.Context, endpoint string, retry time.Duration, log *slog.Logger) (*API, error) {
	c, err := sqladminapi.New(ctx, endpoint, log)
	if err != nil {
		return nil, err
	}
	c.Retry = retry
	return &API{c: c}, nil
}

func (a *API) GetInstance(ctx context.Context, project, instance string) (*sqladmin.DatabaseInstance, error) {
	return sqladminapi.Read(ctx, a.c, "instances.get", func(ctx context.Context) (*sqladmin.DatabaseInstance, error) {
		return a.c.Svc.Instances.Get(project, instance).Context(ctx).Do()
	})
}

func (a *API) ListInstances(ctx context.Context, project string) ([]*sqladmin.DatabaseInstance, error) {
	var all []*sqladmin.DatabaseInstance
	token := ""
	for {
		resp, err := sqladminapi.Read(ctx, a.c, "instances.list", func(ctx context.Context) (*sqladmin.InstancesListResponse, error) {
			return a.c.Svc.Instances.List(project).PageToken(token).Context(ctx).Do()
		})
		if err != nil {
			return nil, err
		}
		all = append(all, resp.Items...)
		if token = resp.NextPageToken; token == "" {
			return all, nil
		}
	}
}

func (a *API) RecoveryTime(ctx context.Context, project, instance string) (*sqladmin.SqlInstancesGetLatestRecoveryTimeResponse, error) {
	return sqladminapi.Read(ctx, a.c, "instances.getLatestRecoveryTime", func(ctx context.Context) (*sqladmin.SqlInstancesGetLatestRecoveryTimeResponse, error) {
		return a.c.Svc.Projects.Instances.GetLatestRecoveryTime(project, instance).Context(ctx).Do()
	})
}

// Clone is sent once: the step itself judges a failure (did it start?).
func (a *API) Clone(ctx context.Context, project, instance string, req *sqladmin.InstancesCloneRequest) (*sqladmin.Operation, error) {
	ctx, cancel := context.WithTimeout(ctx, a.c.CallTimeout)
	defer cancel()
	return a.c.Svc.Instances.Clone(project, instance, req).Context(ctx).Do()
}

func (a *API) GetOperation(ctx context.Context, project, operation string) (*sqladmin.Operation, error) {
	return sqladminapi.Read(ctx, a.c, "operations.get", func(ctx context.Context) (*sqladmin.Operation, error) {
		return a.c.Svc.Operations.Get(project, operation).Context(ctx).Do()
	})
}

func (a *API) ListOperations(ctx context.Context, project, instance string) ([]*sqladmin.Operation, error) {
	resp, err := sqladminapi.Read(ctx, a.c, "operations.list", func(ctx context.Context) (*sqladmin.OperationsListResponse, error) {
		return a.c.Svc.Operations.List(project).Instance(instance).MaxResults(20).Context(ctx).Do()
	})
	if err != nil {
		return nil, err
	}
	return resp.Items, nil
}
