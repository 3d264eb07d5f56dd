// Package demoapp is the HTTP service of the local test cloud: it answers
// for every localcloud_service of one or more local stores, as the
// revision that serves the service's traffic would, so that deploy's
// checks after an apply (internal/adapters/verify) have something real to check
// in `make demo` and the end-to-end tests.
//
// What answers is read from the store on every request, the files the
// localcloud Terraform provider writes and the Cloud Run emulator
// (internal/testbed/runemu) changes. So a terraform apply that makes a
// new revision changes the answer at once, and a traffic rollback
// through the emulator (traffic-rollback, or deploy's rollback on a
// failed check) makes the old revision answer again.
//
// # Addresses
//
// A service answers under its name: GET http://ADDR/<service>/<any
// path>, such as http://127.0.0.1:8181/olympus-api-dev/healthz (URL
// gives the base). An unknown service is 404.
//
// # Answers
//
// Traffic is split as the service's traffic says (LATEST resolved to
// the latest Ready revision), request by request in proportion, and
// deterministically: of every 100 requests, a revision with 90% answers
// the first 90. The revision that answers decides:
//
//   - env DEMO_STATUS (a number) and DEMO_BODY, when set, are the status
//     and the body;
//   - else an image whose reference contains "broken" (api:v2-broken)
//     answers 503 "broken: revision R of S (image I)";
//   - else 200 "ok: revision R of S (image I)".
//
// A revision that is not Ready, or a service with no traffic, is 503.
// Every answer names its revision in the X-Revision header too. Env
// values other than DEMO_* are never shown (they hold the example's API
// key).
//
// The examples/local root module makes its revisions from var.image
// (TF_VAR_image): deploying api:v1 gives a healthy service, api:v2-broken
// a broken one, without changing the module.
package demoapp

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
)

// Server serves the services of its stores.
type Server struct {
	// Addr is host:port.
	Addr   string
	stores []localstore.Store
	srv    *http.Server

	mu       sync.Mutex
	requests map[string]int
}

// Start serves on addr ("" is a random local port) until Stop.
func Start(addr string, stores ...localstore.Store) (*Server, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	lis, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("failed to listen on %q: %w", addr, err)
	}
	s := &Server{Addr: lis.Addr().String(), stores: stores, requests: map[string]int{}}
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(lis)
	return s, nil
}

// Stop ends the server.
func (s *Server) Stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}

// URL is the base address of a service: append a path such as /healthz.
func (s *Server) URL(service string) string { return "http://" + s.Addr + "/" + service }

// ServeHTTP answers for the service named by the path's first segment.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	svc, err := s.service(name)
	if err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, localstore.ErrNotFound) {
			status = http.StatusNotFound
		}
		http.Error(w, err.Error(), status)
		return
	}
	rev, ok := s.pick(svc)
	if !ok {
		http.Error(w, fmt.Sprintf("no revision of %s serves traffic", svc.Name), http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("X-Revision", rev.Name)
	status, body := Answer(svc.Name, rev)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintln(w, body)
}

// service finds a service in the stores, the first that has it.
func (s *Server) service(name string) (*localstore.Service, error) {
	if localstore.ValidName(name) != nil {
		return nil, fmt.Errorf("no service %q: %w", name, localstore.ErrNotFound)
	}
	for _, st := range s.stores {
		svc, err := st.GetService(name)
		if errors.Is(err, localstore.ErrNotFound) {
			continue
		}
		return svc, err
	}
	return nil, fmt.Errorf("no service %q: %w", name, localstore.ErrNotFound)
}

// pick chooses the revision that answers this request: the nth request
// of a service goes to the revision whose share of the traffic covers
// n mod 100.
func (s *Server) pick(svc *localstore.Service) (localstore.Revision, bool) {
	s.mu.Lock()
	n := s.requests[svc.Name] % 100
	s.requests[svc.Name]++
	s.mu.Unlock()
	var total int64
	for _, t := range svc.Serving() {
		total += t.Percent
		if t.Percent > 0 && int64(n) < total {
			return revision(svc, t.Revision)
		}
	}
	return localstore.Revision{}, false
}

func revision(svc *localstore.Service, name string) (localstore.Revision, bool) {
	for _, r := range svc.Revisions {
		if r.Name == name {
			return r, true
		}
	}
	return localstore.Revision{}, false
}

// Answer is what a revision of service answers: see the package
// documentation.
func Answer(service string, rev localstore.Revision) (int, string) {
	if !rev.Ready {
		return http.StatusServiceUnavailable, fmt.Sprintf("revision %s of %s is not ready", rev.Name, service)
	}
	status, body := http.StatusOK, fmt.Sprintf("ok: revision %s of %s (image %s)", rev.Name, service, rev.Image)
	if strings.Contains(rev.Image, "broken") {
		status, body = http.StatusServiceUnavailable, fmt.Sprintf("broken: revision %s of %s (image %s)", rev.Name, service, rev.Image)
	}
	if v, err := strconv.Atoi(rev.Env["DEMO_STATUS"]); err == nil && v >= 100 && v <= 599 {
		status = v
	}
	if b, ok := rev.Env["DEMO_BODY"]; ok {
		body = b
	}
	return status, body
}
