// Package sqlemu is a Cloud SQL Admin API v1 emulator for tests and demos:
// an HTTP server that speaks the real JSON of sqladmin v1 (the structs of
// google.golang.org/api/sqladmin/v1, Google's error bodies) for the calls
// sql-recover makes: instances list and get, getLatestRecoveryTime, clone,
// operations get and list; and for those data-refresh makes: backup runs
// (list, get, insert), instances insert, delete and restoreBackup,
// databases list, users insert. It records every request and injects
// faults: 5xx and 429 answers, a request that is done but answered with an
// error, an operation that ends in error, slow operations.
//
// With a PostgreSQL server (UsePostgres), each instance's databases are
// real databases in it: a backup is a pg_dump of each, a restore replaces
// the instance's databases with pg_restore, and the Cloud SQL connector
// (cloud.google.com/go/cloudsqlconn) connects for real: connectSettings,
// generateEphemeralCert and the instances' TLS endpoint, served on the
// same port (see connect.go).
package sqlemu

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localpg"
)

// Request is one recorded request.
type Request struct {
	Op     string // instances.get, instances.clone, operations.get, ...
	Method string
	Path   string
	Query  string
	Body   string
}

// Fault answers matching requests with an error.
type Fault struct {
	Op string // "" matches any
	// Path, when set, must end the request path (an instance's name).
	Path   string
	Status int
	// RetryAfter, when set, is sent as Retry-After (seconds).
	RetryAfter int
	// Times is how many requests it answers; then it is spent.
	Times int
	// Applied serves the request first and then answers the error, as when
	// a response is lost on the way back: the client cannot tell.
	Applied bool
}

// Server is the emulator.
type Server struct {
	*httptest.Server

	mu        sync.Mutex
	requests  []Request
	faults    []*Fault
	instances map[string]*sqladmin.DatabaseInstance // project/name
	windows   map[string][2]time.Time
	ops       map[string]*operation
	order     []string
	nextOp    int
	opDelay   time.Duration
	opError   string
	// opErrors makes the next operation of a type end in error.
	opErrors map[string]string
	now      func() time.Time

	// The instances' data, with UsePostgres (postgres.go).
	pg        *localpg.Server
	prefix    string
	nextDB    int
	databases map[string]map[string]string // project/name → database → local database
	users     map[string][]string          // project/name → users
	passwords map[string]map[string]string // project/name → built-in user → password, as pg_authid keeps it
	backups   map[string][]*backup         // project/name → backups, oldest first
	nextRun   int64
	conns     []Connection
	connect   *connector
}

type operation struct {
	op      *sqladmin.Operation
	started time.Time
	err     string
	target  string // project/name of the instance it works on
	// work, when set, is closed once the operation's real work (a dump, a
	// restore) has ended; workErr then says how it went. The operation is
	// not DONE before.
	work    chan struct{}
	workErr string
	// apply, when set, changes the emulator's state once the operation is
	// DONE (failed says whether it ended in error). Called with mu held.
	apply func(failed bool)
}

// New starts an emulator; Close stops it.
func New() *Server {
	s := &Server{instances: map[string]*sqladmin.DatabaseInstance{}, windows: map[string][2]time.Time{},
		ops: map[string]*operation{}, now: time.Now, opErrors: map[string]string{},
		databases: map[string]map[string]string{}, users: map[string][]string{}, passwords: map[string]map[string]string{}, backups: map[string][]*backup{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/projects/{project}/instances", s.route("instances.list", s.listInstances))
	mux.HandleFunc("GET /v1/projects/{project}/instances/{instance}", s.route("instances.get", s.getInstance))
	mux.HandleFunc("GET /v1/projects/{project}/instances/{instance}/getLatestRecoveryTime", s.route("instances.getLatestRecoveryTime", s.recoveryTime))
	mux.HandleFunc("POST /v1/projects/{project}/instances/{instance}/clone", s.route("instances.clone", s.clone))
	mux.HandleFunc("GET /v1/projects/{project}/operations/{operation}", s.route("operations.get", s.getOperation))
	mux.HandleFunc("GET /v1/projects/{project}/operations", s.route("operations.list", s.listOperations))
	s.routeData(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.record(Request{Op: "unknown", Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery})
		writeError(w, http.StatusNotFound, "notFound", "The requested URL "+r.URL.Path+" was not found on this server.")
	})
	s.Server = httptest.NewUnstartedServer(mux)
	s.Server.Listener = s.demux(s.Server.Listener)
	s.Server.Start()
	return s
}

// PostgresInstance is a RUNNABLE PostgreSQL instance with backups and
// point-in-time recovery on, logs kept retentionDays.
func PostgresInstance(project, region, name string, retentionDays int64) *sqladmin.DatabaseInstance {
	return &sqladmin.DatabaseInstance{
		Kind: "sql#instance", Name: name, Project: project, Region: region, GceZone: region + "-a",
		DatabaseVersion: "POSTGRES_16", State: "RUNNABLE", InstanceType: "CLOUD_SQL_INSTANCE",
		ConnectionName: project + ":" + region + ":" + name,
		SelfLink:       "https://sqladmin.googleapis.com/v1/projects/" + project + "/instances/" + name,
		Settings: &sqladmin.Settings{
			Kind: "sql#settings", Tier: "db-custom-2-7680", Edition: "ENTERPRISE", DeletionProtectionEnabled: true,
			BackupConfiguration: &sqladmin.BackupConfiguration{
				Kind: "sql#backupConfiguration", Enabled: true, PointInTimeRecoveryEnabled: true, StartTime: "03:00",
				TransactionLogRetentionDays: retentionDays, TransactionalLogStorageState: "CLOUD_STORAGE",
				BackupRetentionSettings: &sqladmin.BackupRetentionSettings{RetentionUnit: "COUNT", RetainedBackups: 7},
			},
		},
	}
}

// AddInstance serves inst. Its recovery window is the last
// TransactionLogRetentionDays days unless SetWindow says otherwise.
func (s *Server) AddInstance(inst *sqladmin.DatabaseInstance) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.instances[inst.Project+"/"+inst.Name] = clone(inst)
	if _, ok := s.users[inst.Project+"/"+inst.Name]; !ok {
		s.users[inst.Project+"/"+inst.Name] = []string{"postgres"}
	}
}

// Instance returns a copy of an instance as the emulator holds it.
func (s *Server) Instance(project, name string) (*sqladmin.DatabaseInstance, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	inst, ok := s.instances[project+"/"+name]
	if !ok {
		return nil, false
	}
	return clone(inst), true
}

// Instances returns copies of a project's instances, in name order.
func (s *Server) Instances(project string) []*sqladmin.DatabaseInstance {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	var out []*sqladmin.DatabaseInstance
	for _, inst := range s.sorted() {
		if inst.Project == project {
			out = append(out, clone(inst))
		}
	}
	return out
}

// SetWindow fixes an instance's recovery window.
func (s *Server) SetWindow(project, name string, earliest, latest time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.windows[project+"/"+name] = [2]time.Time{earliest.UTC(), latest.UTC()}
}

// Inject adds a fault.
func (s *Server) Inject(f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// SlowOperations makes operations PENDING, then RUNNING, for d.
func (s *Server) SlowOperations(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opDelay = d
}

// FailNextOperation makes the next operation end DONE with this error.
func (s *Server) FailNextOperation(message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opError = message
}

// FailNext makes the next operation of opType (CREATE, RESTORE_VOLUME,
// BACKUP_VOLUME, DELETE, CREATE_USER, CLONE) end DONE with this error.
func (s *Server) FailNext(opType, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opErrors[opType] = message
}

// FailNextOn makes the next operation of opType on an instance end DONE
// with this error (the restore onto the target, not the one into the
// scratch instance).
func (s *Server) FailNextOn(opType, project, instance, message string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.opErrors[opType+" "+project+"/"+instance] = message
}

// newOperation starts an operation of opType on project/instance.
// Called with mu held.
func (s *Server) newOperation(project, instance, opType string) *operation {
	s.nextOp++
	name := fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", 0x5a1c0000+s.nextOp, s.nextOp, s.nextOp, s.nextOp, s.nextOp)
	now := s.now().UTC()
	link := "https://sqladmin.googleapis.com/v1/projects/" + project + "/instances/" + instance
	op := &operation{started: now, target: project + "/" + instance, op: &sqladmin.Operation{
		Kind: "sql#operation", Name: name, OperationType: opType, Status: "PENDING", User: "olympus@" + project + ".iam.gserviceaccount.com",
		InsertTime: now.Format(time.RFC3339Nano), TargetId: instance, TargetProject: project, TargetLink: link,
		SelfLink: "https://sqladmin.googleapis.com/v1/projects/" + project + "/operations/" + name,
	}}
	if msg, ok := s.opErrors[opType+" "+project+"/"+instance]; ok {
		op.err = msg
		delete(s.opErrors, opType+" "+project+"/"+instance)
	} else if msg, ok := s.opErrors[opType]; ok {
		op.err = msg
		delete(s.opErrors, opType)
	} else if s.opError != "" {
		op.err, s.opError = s.opError, ""
	}
	s.ops[name] = op
	s.order = append(s.order, name)
	return op
}

// running says whether an operation on project/instance has not ended.
// Called with mu held.
func (s *Server) running(key string) *operation {
	for _, name := range s.order {
		if op := s.ops[name]; op.target == key && op.op.Status != "DONE" {
			s.advance(op, false)
			if op.op.Status != "DONE" {
				return op
			}
		}
	}
	return nil
}

// Requests returns every request so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Count returns how many requests of op were made.
func (s *Server) Count(op string) int {
	n := 0
	for _, r := range s.Requests() {
		if r.Op == op {
			n++
		}
	}
	return n
}

func (s *Server) record(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = append(s.requests, r)
}

// route records the request and applies the faults around a handler.
func (s *Server) route(op string, h func(w http.ResponseWriter, r *http.Request, project string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		s.record(Request{Op: op, Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Body: string(body)})
		r.Body = io.NopCloser(bytes.NewReader(body))
		f := s.fault(op, r.URL.Path)
		if f != nil && !f.Applied {
			s.writeFault(w, f)
			return
		}
		if f != nil {
			h(discard{}, r, r.PathValue("project"))
			s.writeFault(w, f)
			return
		}
		h(w, r, r.PathValue("project"))
	}
}

func (s *Server) fault(op, path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range s.faults {
		if (f.Op == "" || f.Op == op) && strings.HasSuffix(path, f.Path) && f.Times > 0 {
			f.Times--
			return f
		}
	}
	return nil
}

func (s *Server) writeFault(w http.ResponseWriter, f *Fault) {
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(f.RetryAfter))
	}
	reason := map[int]string{404: "instanceDoesNotExist", 429: "rateLimitExceeded", 500: "internalError", 502: "badGateway", 503: "backendError"}[f.Status]
	writeError(w, f.Status, reason, http.StatusText(f.Status))
}

func (s *Server) listInstances(w http.ResponseWriter, r *http.Request, project string) {
	s.mu.Lock()
	s.settle()
	resp := &sqladmin.InstancesListResponse{Kind: "sql#instancesList"}
	for _, inst := range s.sorted() {
		if inst.Project == project {
			resp.Items = append(resp.Items, clone(inst))
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) getInstance(w http.ResponseWriter, r *http.Request, project string) {
	inst, ok := s.Instance(project, r.PathValue("instance"))
	if !ok {
		writeError(w, http.StatusNotFound, "instanceDoesNotExist", "The Cloud SQL instance does not exist.")
		return
	}
	writeJSON(w, http.StatusOK, inst)
}

func (s *Server) recoveryTime(w http.ResponseWriter, r *http.Request, project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst, ok := s.instances[project+"/"+r.PathValue("instance")]
	if !ok {
		writeError(w, http.StatusNotFound, "instanceDoesNotExist", "The Cloud SQL instance does not exist.")
		return
	}
	earliest, latest, ok := s.window(inst)
	if !ok {
		writeError(w, http.StatusBadRequest, "invalidRequest",
			"Invalid request: point in time recovery is not enabled for this instance.")
		return
	}
	writeJSON(w, http.StatusOK, &sqladmin.SqlInstancesGetLatestRecoveryTimeResponse{Kind: "sql#getLatestRecoveryTime",
		EarliestRecoveryTime: earliest.Format(time.RFC3339Nano), LatestRecoveryTime: latest.Format(time.RFC3339Nano)})
}

// window is an instance's recovery window, or false without PITR.
func (s *Server) window(inst *sqladmin.DatabaseInstance) (time.Time, time.Time, bool) {
	bc := inst.Settings.BackupConfiguration
	if bc == nil || !bc.Enabled || !(bc.PointInTimeRecoveryEnabled || bc.BinaryLogEnabled) {
		return time.Time{}, time.Time{}, false
	}
	if w, ok := s.windows[inst.Project+"/"+inst.Name]; ok {
		return w[0], w[1], true
	}
	latest := s.now().UTC().Truncate(time.Second)
	return latest.Add(-time.Duration(bc.TransactionLogRetentionDays) * 24 * time.Hour), latest, true
}

func (s *Server) clone(w http.ResponseWriter, r *http.Request, project string) {
	var req sqladmin.InstancesCloneRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.CloneContext == nil {
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: cloneContext is required.")
		return
	}
	cc := req.CloneContext
	s.mu.Lock()
	defer s.mu.Unlock()
	s.settle()
	src, ok := s.instances[project+"/"+r.PathValue("instance")]
	if !ok {
		writeError(w, http.StatusNotFound, "instanceDoesNotExist", "The Cloud SQL instance does not exist.")
		return
	}
	if cc.DestinationInstanceName == "" {
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: destinationInstanceName is required.")
		return
	}
	if _, exists := s.instances[project+"/"+cc.DestinationInstanceName]; exists {
		writeError(w, http.StatusConflict, "instanceAlreadyExists", "The Cloud SQL instance already exists.")
		return
	}
	if cc.PointInTime != "" {
		at, err := time.Parse(time.RFC3339Nano, cc.PointInTime)
		earliest, latest, pitr := s.window(src)
		switch {
		case err != nil:
			writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: pointInTime is not a timestamp.")
			return
		case !pitr:
			writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: point in time recovery is not enabled for this instance.")
			return
		case at.Before(earliest) || at.After(latest):
			writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: the requested point in time is outside the recovery window.")
			return
		}
	}
	target := clone(src)
	target.Name = cc.DestinationInstanceName
	target.State = "PENDING_CREATE"
	target.ConnectionName = project + ":" + src.Region + ":" + target.Name
	target.SelfLink = "https://sqladmin.googleapis.com/v1/projects/" + project + "/instances/" + target.Name
	s.instances[project+"/"+target.Name] = target

	op := s.newOperation(project, target.Name, "CLONE")
	op.op.User = "sql-recover@" + project + ".iam.gserviceaccount.com"
	key := project + "/" + target.Name
	op.apply = func(failed bool) {
		if failed {
			delete(s.instances, key)
		} else if inst, ok := s.instances[key]; ok {
			inst.State = "RUNNABLE"
		}
	}
	writeJSON(w, http.StatusOK, op.op)
}

func (s *Server) getOperation(w http.ResponseWriter, r *http.Request, project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	op, ok := s.ops[r.PathValue("operation")]
	if !ok || op.op.TargetProject != project {
		writeError(w, http.StatusNotFound, "operationDoesNotExist", "The Cloud SQL operation does not exist.")
		return
	}
	s.advance(op, true)
	writeJSON(w, http.StatusOK, op.op)
}

func (s *Server) listOperations(w http.ResponseWriter, r *http.Request, project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	instance := r.URL.Query().Get("instance")
	if instance == "" {
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: instance is required.")
		return
	}
	resp := &sqladmin.OperationsListResponse{Kind: "sql#operationsList"}
	// Newest first, as the API lists them.
	for i := len(s.order) - 1; i >= 0; i-- {
		op := s.ops[s.order[i]]
		if op.op.TargetProject == project && op.op.TargetId == instance {
			s.advance(op, false)
			resp.Items = append(resp.Items, op.op)
		}
	}
	writeJSON(w, http.StatusOK, resp)
}

// advance moves an operation along: with no delay it is DONE when first
// read; with one, PENDING then RUNNING until the delay has passed.
func (s *Server) advance(op *operation, read bool) {
	if op.op.Status == "DONE" {
		return
	}
	if op.work != nil {
		select {
		case <-op.work:
		default:
			op.op.Status = "RUNNING"
			return
		}
	}
	elapsed := s.now().Sub(op.started)
	switch {
	case s.opDelay == 0 && !read:
		op.op.Status = "RUNNING"
	case s.opDelay == 0 || elapsed >= s.opDelay:
		s.finish(op)
	case elapsed >= s.opDelay/2:
		op.op.Status = "RUNNING"
		op.op.StartTime = op.started.Add(s.opDelay / 2).Format(time.RFC3339Nano)
	}
}

func (s *Server) finish(op *operation) {
	op.op.Status = "DONE"
	op.op.EndTime = s.now().UTC().Format(time.RFC3339Nano)
	if op.op.StartTime == "" {
		op.op.StartTime = op.op.InsertTime
	}
	msg := op.err
	if msg == "" {
		msg = op.workErr
	}
	if msg != "" {
		op.op.Error = &sqladmin.OperationErrors{Kind: "sql#operationErrors",
			Errors: []*sqladmin.OperationError{{Kind: "sql#operationError", Code: "INTERNAL_ERROR", Message: msg}}}
	}
	if op.apply != nil {
		op.apply(msg != "")
	}
}

// settle finishes the operations whose time has come, so that instances
// read directly show their state. Called with mu held.
func (s *Server) settle() {
	for _, name := range s.order {
		if op := s.ops[name]; op.op.Status != "DONE" && s.opDelay > 0 && s.now().Sub(op.started) >= s.opDelay {
			s.advance(op, true)
		}
	}
}

func (s *Server) sorted() []*sqladmin.DatabaseInstance {
	keys := make([]string, 0, len(s.instances))
	for k := range s.instances {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*sqladmin.DatabaseInstance, 0, len(keys))
	for _, k := range keys {
		out = append(out, s.instances[k])
	}
	return out
}
