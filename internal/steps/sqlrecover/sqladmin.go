package sqlrecover

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
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

// API is SQLAdmin over google.golang.org/api/sqladmin/v1. Every call has
// its own timeout; reads are retried on 5xx, 429 and broken connections.
type API struct {
	svc *sqladmin.Service
	// CallTimeout bounds one HTTP call.
	CallTimeout time.Duration
	// Retry is the first pause before a read is retried (doubling, with
	// jitter, four retries at most); Retry-After wins when longer.
	Retry time.Duration
	Log   *slog.Logger
}

// NewAPI connects with Application Default Credentials, or without any to
// an emulator's endpoint. Failed reads are retried after a second, then
// longer (Retry).
func NewAPI(ctx context.Context, endpoint string, log *slog.Logger) (*API, error) {
	opts := []option.ClientOption{option.WithScopes(sqladmin.SqlserviceAdminScope)}
	a := &API{CallTimeout: time.Minute, Retry: time.Second, Log: log}
	if endpoint != "" {
		opts = []option.ClientOption{option.WithEndpoint(endpoint), option.WithoutAuthentication(),
			option.WithHTTPClient(&http.Client{Transport: http.DefaultTransport})}
	}
	svc, err := sqladmin.NewService(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("failed to create the Cloud SQL Admin client: %w", fault.Credentials(err))
	}
	a.svc = svc
	return a, nil
}

func (a *API) GetInstance(ctx context.Context, project, instance string) (*sqladmin.DatabaseInstance, error) {
	return read(ctx, a, "instances.get", func(ctx context.Context) (*sqladmin.DatabaseInstance, error) {
		return a.svc.Instances.Get(project, instance).Context(ctx).Do()
	})
}

func (a *API) ListInstances(ctx context.Context, project string) ([]*sqladmin.DatabaseInstance, error) {
	var all []*sqladmin.DatabaseInstance
	token := ""
	for {
		resp, err := read(ctx, a, "instances.list", func(ctx context.Context) (*sqladmin.InstancesListResponse, error) {
			return a.svc.Instances.List(project).PageToken(token).Context(ctx).Do()
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
	return read(ctx, a, "instances.getLatestRecoveryTime", func(ctx context.Context) (*sqladmin.SqlInstancesGetLatestRecoveryTimeResponse, error) {
		return a.svc.Projects.Instances.GetLatestRecoveryTime(project, instance).Context(ctx).Do()
	})
}

func (a *API) Clone(ctx context.Context, project, instance string, req *sqladmin.InstancesCloneRequest) (*sqladmin.Operation, error) {
	ctx, cancel := context.WithTimeout(ctx, a.CallTimeout)
	defer cancel()
	return a.svc.Instances.Clone(project, instance, req).Context(ctx).Do()
}

func (a *API) GetOperation(ctx context.Context, project, operation string) (*sqladmin.Operation, error) {
	return read(ctx, a, "operations.get", func(ctx context.Context) (*sqladmin.Operation, error) {
		return a.svc.Operations.Get(project, operation).Context(ctx).Do()
	})
}

func (a *API) ListOperations(ctx context.Context, project, instance string) ([]*sqladmin.Operation, error) {
	resp, err := read(ctx, a, "operations.list", func(ctx context.Context) (*sqladmin.OperationsListResponse, error) {
		return a.svc.Operations.List(project).Instance(instance).MaxResults(20).Context(ctx).Do()
	})
	if err != nil {
		return nil, err
	}
	return resp.Items, nil
}

// readAttempts is how many times a read is tried.
const readAttempts = 5

// read runs a read with its own timeout, retrying what may succeed later:
// 5xx, 429 and broken connections, never a 4xx or the caller's cancel.
func read[T any](ctx context.Context, a *API, what string, call func(context.Context) (T, error)) (T, error) {
	var zero T
	pause := a.Retry
	for attempt := 1; ; attempt++ {
		cctx, cancel := context.WithTimeout(ctx, a.CallTimeout)
		v, err := call(cctx)
		cancel()
		if err == nil {
			return v, nil
		}
		if ctx.Err() != nil || !retryable(err) || attempt == readAttempts {
			return zero, err
		}
		wait := pause/2 + rand.N(pause) // jitter around the pause
		if ra := retryAfter(err); ra > wait {
			wait = ra
		}
		if a.Log != nil {
			a.Log.Warn("retrying a read of the Cloud SQL Admin API", "call", what, "attempt", attempt, "in", wait.Round(time.Millisecond), "error", err)
		}
		select {
		case <-ctx.Done():
			return zero, err
		case <-time.After(wait):
		}
		pause *= 2
	}
}

// retryable: a 5xx, a 429, or no answer (but not a 4xx).
func retryable(err error) bool {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return ge.Code >= 500 || ge.Code == http.StatusTooManyRequests
	}
	return true
}

// retryAfter reads a Retry-After in seconds, capped at a minute.
func retryAfter(err error) time.Duration {
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Header == nil {
		return 0
	}
	s, err2 := strconv.Atoi(ge.Header.Get("Retry-After"))
	if err2 != nil || s < 0 {
		return 0
	}
	return min(time.Duration(s)*time.Second, time.Minute)
}

// statusCode is an API error's HTTP status, or 0.
func statusCode(err error) int {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return 0
}
