package cloudrun

import (
	"context"
	"errors"
	"fmt"
	"time"

	runapi "cloud.google.com/go/run/apiv2"
	"cloud.google.com/go/run/apiv2/runpb"
	"github.com/googleapis/gax-go/v2"
	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"google.golang.org/api/iterator"
	"google.golang.org/api/option"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/protobuf/types/known/fieldmaskpb"
)

// API is what a traffic move needs of the Cloud Run Admin API v2.
type API interface {
	GetService(ctx context.Context, name string) (*runpb.Service, error)
	ListRevisions(ctx context.Context, service string) ([]*runpb.Revision, error)
	// SetTraffic sends all traffic where m says, with the service's etag,
	// and waits for the operation.
	SetTraffic(ctx context.Context, svc *runpb.Service, m Move) error
	Close() error
}

// readRetry retries reads on UNAVAILABLE: they change nothing.
var readRetry = gax.WithRetry(func() gax.Retryer {
	return gax.OnCodes([]codes.Code{codes.Unavailable}, gax.Backoff{Initial: 100 * time.Millisecond, Max: 2 * time.Second, Multiplier: 2})
})

// noRetry: an update is never repeated blindly; the caller re-reads.
var noRetry = gax.WithRetry(func() gax.Retryer { return nil })

type adminAPI struct {
	services  *runapi.ServicesClient
	revisions *runapi.RevisionsClient
}

// Dial connects with Application Default Credentials, or in plaintext
// without credentials to an emulator at endpoint (host:port).
func Dial(ctx context.Context, endpoint string) (API, error) {
	var opts []option.ClientOption
	if endpoint != "" {
		opts = append(opts, option.WithEndpoint(endpoint), option.WithoutAuthentication(),
			option.WithGRPCDialOption(grpc.WithTransportCredentials(insecure.NewCredentials())))
	}
	svc, err := runapi.NewServicesClient(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("failed to connect to Cloud Run: %w", fault.Credentials(err))
	}
	revs, err := runapi.NewRevisionsClient(ctx, opts...)
	if err != nil {
		svc.Close()
		return nil, fmt.Errorf("failed to connect to Cloud Run: %w", fault.Credentials(err))
	}
	return &adminAPI{services: svc, revisions: revs}, nil
}

func (a *adminAPI) GetService(ctx context.Context, name string) (*runpb.Service, error) {
	return a.services.GetService(ctx, &runpb.GetServiceRequest{Name: name}, readRetry)
}

func (a *adminAPI) ListRevisions(ctx context.Context, service string) ([]*runpb.Revision, error) {
	it := a.revisions.ListRevisions(ctx, &runpb.ListRevisionsRequest{Parent: service}, readRetry)
	var out []*runpb.Revision
	for {
		r, err := it.Next()
		if errors.Is(err, iterator.Done) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
}

func (a *adminAPI) SetTraffic(ctx context.Context, svc *runpb.Service, m Move) error {
	target := &runpb.TrafficTarget{
		Type:     runpb.TrafficTargetAllocationType_TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION,
		Revision: m.Revision,
		Percent:  100,
	}
	if m.Latest {
		// Follows the latest Ready revision, now and after later deploys.
		target = &runpb.TrafficTarget{Type: runpb.TrafficTargetAllocationType_TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST, Percent: 100}
	}
	op, err := a.services.UpdateService(ctx, &runpb.UpdateServiceRequest{
		// Only the traffic and the rollback's annotation, never the
		// template: sending the template back makes a revision or fails
		// with 409. The etag makes the annotations a safe
		// read-modify-write.
		Service: &runpb.Service{
			Name:        svc.GetName(),
			Etag:        svc.GetEtag(),
			Traffic:     []*runpb.TrafficTarget{target},
			Annotations: m.Annotations,
		},
		UpdateMask: &fieldmaskpb.FieldMask{Paths: []string{"traffic", "annotations"}},
	}, noRetry)
	if err != nil {
		return err
	}
	if _, err = op.Wait(ctx, readRetry); err != nil {
		return &OperationError{Err: err}
	}
	return nil
}

// OperationError is a change that Cloud Run accepted and then failed.
// Unlike an error of the call, it is not retried.
type OperationError struct{ Err error }

func (e *OperationError) Error() string { return "the operation failed: " + e.Err.Error() }
func (e *OperationError) Unwrap() error { return e.Err }

func (a *adminAPI) Close() error {
	return errors.Join(a.services.Close(), a.revisions.Close())
}
