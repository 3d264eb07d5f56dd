package runemu

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"cloud.google.com/go/run/apiv2/runpb"
	"google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc/codes"
	grpcstatus "google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/anypb"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
)

func (s *Server) GetService(_ context.Context, req *runpb.GetServiceRequest) (*runpb.Service, error) {
	id, err := s.serviceID(req.GetName())
	if err != nil {
		return nil, err
	}
	svc, err := s.Store.GetService(id)
	if errors.Is(err, localstore.ErrNotFound) {
		return nil, grpcstatus.Errorf(codes.NotFound, "Resource '%s' of kind 'SERVICE' in region '%s' in project '%s' does not exist.", id, s.Region, s.Project)
	}
	if err != nil {
		return nil, grpcstatus.Error(codes.Internal, err.Error())
	}
	return s.toProto(svc, s.reconciling(id)), nil
}

// reconciling is true while an operation on the service is running.
func (s *Server) reconciling(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, op := range s.ops {
		if op.service == id && time.Now().Before(op.doneAt) {
			return true
		}
	}
	return false
}

func (s *Server) toProto(svc *localstore.Service, reconciling bool) *runpb.Service {
	name := s.parent() + "/services/" + svc.Name
	out := &runpb.Service{
		Name: name, Uid: "uid-" + svc.Name, Generation: svc.Generation, ObservedGeneration: svc.Generation,
		Etag: svc.Etag, Reconciling: reconciling, UpdateTime: timestamppb.New(svc.Updated),
		LatestReadyRevision: s.latestReady(svc), LatestCreatedRevision: revName(name, svc.LatestRevision()),
		Template:          &runpb.RevisionTemplate{Containers: []*runpb.Container{{Image: svc.Image, Env: envProto(svc.Env)}}},
		TerminalCondition: &runpb.Condition{Type: "Ready", State: runpb.Condition_CONDITION_SUCCEEDED},
		Annotations:       svc.Annotations,
	}
	serving := svc.Serving()
	for i, t := range svc.Traffic {
		typ := runpb.TrafficTargetAllocationType_TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION
		rev := t.Revision
		if t.Latest {
			typ, rev = runpb.TrafficTargetAllocationType_TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST, ""
		}
		out.Traffic = append(out.Traffic, &runpb.TrafficTarget{Type: typ, Revision: rev, Percent: int32(t.Percent), Tag: t.Tag})
		if !reconciling {
			// Statuses name the revision a LATEST target resolves to.
			out.TrafficStatuses = append(out.TrafficStatuses, &runpb.TrafficTargetStatus{
				Type: typ, Revision: serving[i].Revision, Percent: int32(t.Percent), Tag: t.Tag})
		}
	}
	return out
}

func (s *Server) latestReady(svc *localstore.Service) string {
	return revName(s.parent()+"/services/"+svc.Name, svc.LatestReady())
}

func revName(service, rev string) string {
	if rev == "" {
		return ""
	}
	return service + "/revisions/" + rev
}

func envProto(env map[string]string) []*runpb.EnvVar {
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var out []*runpb.EnvVar
	for _, k := range keys {
		out = append(out, &runpb.EnvVar{Name: k, Values: &runpb.EnvVar_Value{Value: env[k]}})
	}
	return out
}

// UpdateService applies the fields of update_mask (all when empty): traffic
// moves traffic; template changes make a new revision, as Cloud Run does.
// A stale etag is ABORTED.
func (s *Server) UpdateService(_ context.Context, req *runpb.UpdateServiceRequest) (*longrunningpb.Operation, error) {
	in := req.GetService()
	id, err := s.serviceID(in.GetName())
	if err != nil {
		return nil, err
	}
	paths := req.GetUpdateMask().GetPaths()
	all := len(paths) == 0
	s.mu.Lock()
	failMsg := s.opError
	s.opError = ""
	delay := s.opDelay
	held := s.holding
	s.mu.Unlock()
	if failMsg == "" {
		_, err = s.Store.UpdateService(id, func(svc *localstore.Service) error {
			if in.GetEtag() != "" && in.GetEtag() != svc.Etag {
				return grpcstatus.Errorf(codes.Aborted, "etag %q does not match the current %q: the service changed", in.GetEtag(), svc.Etag)
			}
			if all || slices.Contains(paths, "template") {
				if len(in.GetTemplate().GetContainers()) == 0 {
					return grpcstatus.Error(codes.InvalidArgument, "template.containers is required")
				}
				return grpcstatus.Error(codes.Unimplemented, "the emulator changes templates through Terraform only")
			}
			if slices.Contains(paths, "traffic") {
				var traffic []localstore.TrafficTarget
				var sum int32
				for _, t := range in.GetTraffic() {
					latest := t.GetType() == runpb.TrafficTargetAllocationType_TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST
					switch {
					case latest && t.GetRevision() != "":
						return grpcstatus.Error(codes.InvalidArgument, "a LATEST traffic target names no revision")
					case !latest && t.GetType() != runpb.TrafficTargetAllocationType_TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION:
						return grpcstatus.Errorf(codes.InvalidArgument, "traffic target type %v is not supported", t.GetType())
					case !latest && !slices.ContainsFunc(svc.Revisions, func(r localstore.Revision) bool { return r.Name == t.GetRevision() }):
						return grpcstatus.Errorf(codes.InvalidArgument, "revision %q of service %q not found", t.GetRevision(), id)
					}
					sum += t.GetPercent()
					traffic = append(traffic, localstore.TrafficTarget{Revision: t.GetRevision(), Latest: latest, Percent: int64(t.GetPercent()), Tag: t.GetTag()})
				}
				if sum != 100 {
					return grpcstatus.Errorf(codes.InvalidArgument, "traffic percents add up to %d, not 100", sum)
				}
				svc.Traffic = traffic
			}
			if slices.Contains(paths, "annotations") {
				svc.Annotations = in.GetAnnotations()
			}
			return nil
		})
		var st interface{ GRPCStatus() *grpcstatus.Status }
		if errors.As(err, &st) {
			return nil, err
		}
		if errors.Is(err, localstore.ErrNotFound) {
			return nil, grpcstatus.Errorf(codes.NotFound, "service %q not found", id)
		}
		if err != nil {
			return nil, grpcstatus.Error(codes.Internal, err.Error())
		}
	}
	s.mu.Lock()
	s.nextOp++
	op := &operation{name: fmt.Sprintf("%s/operations/op-%d", s.parent(), s.nextOp), doneAt: time.Now().Add(delay), service: id, err: failMsg, held: held}
	s.ops[op.name] = op
	s.mu.Unlock()
	return s.operationProto(op)
}

func (s *Server) operationProto(op *operation) (*longrunningpb.Operation, error) {
	s.mu.Lock()
	held := op.held
	s.mu.Unlock()
	out := &longrunningpb.Operation{Name: op.name, Done: !held && !time.Now().Before(op.doneAt)}
	svc, err := s.Store.GetService(op.service)
	if err != nil {
		return nil, grpcstatus.Error(codes.Internal, err.Error())
	}
	meta, err := anypb.New(s.toProto(svc, !out.Done))
	if err != nil {
		return nil, err
	}
	out.Metadata = meta
	if !out.Done {
		return out, nil
	}
	if op.err != "" {
		out.Result = &longrunningpb.Operation_Error{Error: &status.Status{Code: int32(codes.FailedPrecondition), Message: op.err}}
		return out, nil
	}
	out.Result = &longrunningpb.Operation_Response{Response: meta}
	return out, nil
}

func (s *Server) GetOperation(_ context.Context, req *longrunningpb.GetOperationRequest) (*longrunningpb.Operation, error) {
	s.mu.Lock()
	op, ok := s.ops[req.GetName()]
	s.mu.Unlock()
	if !ok {
		return nil, grpcstatus.Errorf(codes.NotFound, "operation %q not found", req.GetName())
	}
	return s.operationProto(op)
}

func (s *Server) ListRevisions(_ context.Context, req *runpb.ListRevisionsRequest) (*runpb.ListRevisionsResponse, error) {
	id, err := s.serviceID(req.GetParent())
	if err != nil {
		return nil, err
	}
	svc, err := s.Store.GetService(id)
	if errors.Is(err, localstore.ErrNotFound) {
		return nil, grpcstatus.Errorf(codes.NotFound, "service %q not found", id)
	}
	if err != nil {
		return nil, grpcstatus.Error(codes.Internal, err.Error())
	}
	out := &runpb.ListRevisionsResponse{}
	// Newest first, as Cloud Run lists them.
	for i := len(svc.Revisions) - 1; i >= 0; i-- {
		out.Revisions = append(out.Revisions, s.revisionProto(svc, svc.Revisions[i]))
	}
	return out, nil
}

func (s *Server) GetRevision(_ context.Context, req *runpb.GetRevisionRequest) (*runpb.Revision, error) {
	svcName, rev, ok := strings.Cut(req.GetName(), "/revisions/")
	id, err := s.serviceID(svcName)
	if !ok || err != nil {
		return nil, grpcstatus.Errorf(codes.NotFound, "revision %q not found", req.GetName())
	}
	svc, err := s.Store.GetService(id)
	if err != nil {
		return nil, grpcstatus.Errorf(codes.NotFound, "revision %q not found", req.GetName())
	}
	for _, r := range svc.Revisions {
		if r.Name == rev {
			return s.revisionProto(svc, r), nil
		}
	}
	return nil, grpcstatus.Errorf(codes.NotFound, "revision %q not found", req.GetName())
}

func (s *Server) revisionProto(svc *localstore.Service, r localstore.Revision) *runpb.Revision {
	state := runpb.Condition_CONDITION_SUCCEEDED
	if !r.Ready {
		state = runpb.Condition_CONDITION_FAILED
	}
	svcName := s.parent() + "/services/" + svc.Name
	return &runpb.Revision{
		Name: revName(svcName, r.Name), Service: svcName, CreateTime: timestamppb.New(r.Created),
		Containers: []*runpb.Container{{Image: r.Image, Env: envProto(r.Env)}},
		Conditions: []*runpb.Condition{{Type: "Ready", State: state}},
	}
}
