// Package runemu is a Cloud Run Admin API v2 emulator for tests: an
// in-process gRPC server with the real runpb Services and Revisions APIs and
// the long-running Operations API on one grpc.Server, so the Go client polls
// operations on the same connection. Services and revisions live in the
// same on-disk store as the localcloud Terraform provider's
// localcloud_service, so Terraform deploys and API rollbacks see each other.
// It records requests and injects faults.
package runemu

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"time"

	"cloud.google.com/go/longrunning/autogen/longrunningpb"
	"cloud.google.com/go/run/apiv2/runpb"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
)

// Request is one recorded call.
type Request struct {
	Method string // short name, such as UpdateService
	Msg    proto.Message
}

// Fault answers matching calls with an error.
type Fault struct {
	Method string // short method name; "" matches any
	Code   codes.Code
	Times  int
}

// Server is the emulator. Project and Region name the one location it serves.
type Server struct {
	runpb.UnimplementedServicesServer
	runpb.UnimplementedRevisionsServer
	longrunningpb.UnimplementedOperationsServer

	Store           localstore.Store
	Project, Region string
	// Addr is host:port, for the run-endpoint input.
	Addr string

	mu       sync.Mutex
	requests []Request
	faults   []*Fault
	ops      map[string]*operation
	opDelay  time.Duration
	opError  string
	holding  bool
	nextOp   int
	grpc     *grpc.Server
}

type operation struct {
	name    string
	doneAt  time.Time
	service string
	err     string
	// held reports the operation as running until ReleaseOperations,
	// though the service is already in its final state.
	held bool
}

// Start serves on a random local port until Stop.
func Start(store localstore.Store, project, region string) (*Server, error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{Store: store, Project: project, Region: region, Addr: lis.Addr().String(), ops: map[string]*operation{}}
	s.grpc = grpc.NewServer(grpc.UnaryInterceptor(s.intercept))
	runpb.RegisterServicesServer(s.grpc, s)
	runpb.RegisterRevisionsServer(s.grpc, s)
	longrunningpb.RegisterOperationsServer(s.grpc, s)
	go s.grpc.Serve(lis)
	return s, nil
}

// Stop ends the server.
func (s *Server) Stop() { s.grpc.Stop() }

// Inject adds a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// SlowOperations makes every new operation take d to finish.
func (s *Server) SlowOperations(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opDelay = d
}

// FailNextOperation makes the next operation end with this error, leaving
// the service unchanged.
func (s *Server) FailNextOperation(msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opError = msg
}

// HoldOperations makes every new operation report that it is still
// running until ReleaseOperations, while the service is already in its
// final state and not reconciling: serving the change, or, after
// FailNextOperation, as it was. The client is left waiting for an outcome
// that Cloud Run has not reported yet.
func (s *Server) HoldOperations() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holding = true
}

// ReleaseOperations lets held operations report their outcome, and new
// ones run unheld.
func (s *Server) ReleaseOperations() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holding = false
	for _, op := range s.ops {
		op.held = false
	}
}

// Reconciling reports whether an operation on service (its short name) is
// still changing it, as GetService's reconciling field says.
func (s *Server) Reconciling(service string) bool { return s.reconciling(service) }

// Requests returns the calls served so far, faults included.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) intercept(ctx context.Context, req any, info *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
	method := info.FullMethod[strings.LastIndex(info.FullMethod, "/")+1:]
	s.mu.Lock()
	if m, ok := req.(proto.Message); ok {
		s.requests = append(s.requests, Request{Method: method, Msg: proto.Clone(m)})
	}
	var fault *Fault
	for _, f := range s.faults {
		if f.Times > 0 && (f.Method == "" || f.Method == method) {
			f.Times--
			fault = f
			break
		}
	}
	s.mu.Unlock()
	if fault != nil {
		return nil, status.Errorf(fault.Code, "injected %s on %s", fault.Code, method)
	}
	return handler(ctx, req)
}

func (s *Server) parent() string {
	return fmt.Sprintf("projects/%s/locations/%s", s.Project, s.Region)
}

// serviceID returns the short name of a full service name in this location.
func (s *Server) serviceID(name string) (string, error) {
	prefix := s.parent() + "/services/"
	id, ok := strings.CutPrefix(name, prefix)
	if !ok || id == "" || strings.Contains(id, "/") {
		return "", status.Errorf(codes.NotFound, "service %q not found", name)
	}
	return id, nil
}
