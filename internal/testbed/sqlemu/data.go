package sqlemu

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	sqladmin "google.golang.org/api/sqladmin/v1"
)

// The calls of data-refresh: backup runs, instance insert, delete and
// restoreBackup, databases and users.

func (s *Server) routeData(mux *http.ServeMux) {
	mux.HandleFunc("POST /v1/projects/{project}/instances", s.route("instances.insert", s.insertInstance))
	mux.HandleFunc("DELETE /v1/projects/{project}/instances/{instance}", s.route("instances.delete", s.deleteInstance))
	mux.HandleFunc("POST /v1/projects/{project}/instances/{instance}/restoreBackup", s.route("instances.restoreBackup", s.restoreBackup))
	mux.HandleFunc("GET /v1/projects/{project}/instances/{instance}/backupRuns", s.route("backupRuns.list", s.listBackupRuns))
	mux.HandleFunc("GET /v1/projects/{project}/instances/{instance}/backupRuns/{id}", s.route("backupRuns.get", s.getBackupRun))
	mux.HandleFunc("POST /v1/projects/{project}/instances/{instance}/backupRuns", s.route("backupRuns.insert", s.insertBackupRun))
	mux.HandleFunc("GET /v1/projects/{project}/instances/{instance}/databases", s.route("databases.list", s.listDatabases))
	mux.HandleFunc("POST /v1/projects/{project}/instances/{instance}/users", s.route("users.insert", s.insertUser))
	mux.HandleFunc("GET /v1/projects/{project}/instances/{instance}/users", s.route("users.list", s.listUsers))
	mux.HandleFunc("PUT /v1/projects/{project}/instances/{instance}/users", s.route("users.update", s.updateUser))
	s.routeConnect(mux)
}

// serverCtx bounds the emulator's background work (dumps, restores).
func (s *Server) work(op *operation, do func(ctx context.Context) error) {
	op.work = make(chan struct{})
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		var err error
		if s.pg != nil {
			err = do(ctx)
		}
		s.mu.Lock()
		if err != nil {
			op.workErr = err.Error()
		}
		close(op.work)
		s.mu.Unlock()
	}()
}

func notFound(w http.ResponseWriter) {
	writeError(w, http.StatusNotFound, "instanceDoesNotExist", "The Cloud SQL instance does not exist.")
}

func busy(w http.ResponseWriter, op *operation) {
	writeError(w, http.StatusConflict, "operationInProgress",
		"Operation failed because another operation was already in progress. Try your request after the current operation is complete ("+op.op.Name+").")
}

func (s *Server) insertInstance(w http.ResponseWriter, r *http.Request, project string) {
	var inst sqladmin.DatabaseInstance
	if err := json.NewDecoder(r.Body).Decode(&inst); err != nil || inst.Name == "" || inst.Settings == nil || inst.Settings.Tier == "" {
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: name and settings.tier are required.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	key := project + "/" + inst.Name
	if _, ok := s.instances[key]; ok {
		writeError(w, http.StatusConflict, "instanceAlreadyExists", "The Cloud SQL instance already exists.")
		return
	}
	inst.Kind, inst.Project, inst.State = "sql#instance", project, "PENDING_CREATE"
	if inst.Region == "" {
		inst.Region = "us-central1"
	}
	inst.GceZone = inst.Region + "-a"
	inst.InstanceType, inst.BackendType = "CLOUD_SQL_INSTANCE", "SECOND_GEN"
	inst.ConnectionName = project + ":" + inst.Region + ":" + inst.Name
	inst.SelfLink = "https://sqladmin.googleapis.com/v1/projects/" + project + "/instances/" + inst.Name
	inst.IpAddresses = addresses(&inst, len(s.instances))
	s.instances[key] = clone(&inst)
	s.users[key] = []string{"postgres"}
	op := s.newOperation(project, inst.Name, "CREATE")
	local := s.localName("postgres")
	s.work(op, func(ctx context.Context) error { return s.createLocal(ctx, local) })
	op.apply = func(failed bool) {
		if failed {
			delete(s.instances, key)
			delete(s.databases, key)
			return
		}
		if inst, ok := s.instances[key]; ok {
			inst.State = "RUNNABLE"
			s.databases[key] = map[string]string{"postgres": local}
		}
	}
	writeJSON(w, http.StatusOK, op.op)
}

// addresses are an instance's IPs as its settings ask: a private one on
// its network, a public one when ipv4Enabled.
func addresses(inst *sqladmin.DatabaseInstance, n int) []*sqladmin.IpMapping {
	ipc := inst.Settings.IpConfiguration
	var out []*sqladmin.IpMapping
	if ipc != nil && ipc.PrivateNetwork != "" {
		out = append(out, &sqladmin.IpMapping{Type: "PRIVATE", IpAddress: fmt.Sprintf("10.20.0.%d", 3+n%250)})
	}
	if ipc == nil || ipc.Ipv4Enabled {
		out = append(out, &sqladmin.IpMapping{Type: "PRIMARY", IpAddress: fmt.Sprintf("34.118.0.%d", 3+n%250)})
	}
	return out
}

func (s *Server) deleteInstance(w http.ResponseWriter, r *http.Request, project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := r.PathValue("instance")
	key := project + "/" + name
	inst, ok := s.instances[key]
	if !ok {
		notFound(w)
		return
	}
	if inst.Settings != nil && inst.Settings.DeletionProtectionEnabled {
		writeError(w, http.StatusBadRequest, "invalidRequest",
			"The instance is protected from deletion. To delete it, disable deletion protection first.")
		return
	}
	if op := s.running(key); op != nil {
		busy(w, op)
		return
	}
	inst.State = "PENDING_DELETE"
	op := s.newOperation(project, name, "DELETE")
	dbs := maps(s.databases[key])
	s.work(op, func(ctx context.Context) error {
		for _, local := range dbs {
			if err := s.dropLocal(ctx, local); err != nil {
				return err
			}
		}
		return nil
	})
	op.apply = func(failed bool) {
		if failed {
			inst.State = "RUNNABLE"
			return
		}
		// An instance's backups go with it.
		delete(s.instances, key)
		delete(s.databases, key)
		delete(s.backups, key)
		delete(s.users, key)
		delete(s.passwords, key)
	}
	writeJSON(w, http.StatusOK, op.op)
}

func (s *Server) restoreBackup(w http.ResponseWriter, r *http.Request, project string) {
	var req sqladmin.InstancesRestoreBackupRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.RestoreBackupContext == nil || req.RestoreBackupContext.BackupRunId == 0 {
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: restoreBackupContext.backupRunId is required.")
		return
	}
	rc := req.RestoreBackupContext
	s.mu.Lock()
	defer s.mu.Unlock()
	name := r.PathValue("instance")
	key := project + "/" + name
	target, ok := s.instances[key]
	if !ok {
		notFound(w)
		return
	}
	srcProject, srcInstance := rc.Project, rc.InstanceId
	if srcProject == "" {
		srcProject = project
	}
	if srcInstance == "" {
		srcInstance = name
	}
	var b *backup
	for _, c := range s.backups[srcProject+"/"+srcInstance] {
		if c.run.Id == rc.BackupRunId {
			b = c
		}
	}
	switch {
	case b == nil:
		writeError(w, http.StatusNotFound, "backupRunDoesNotExist", "The backup run does not exist.")
		return
	case b.run.Status != "SUCCESSFUL":
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: the backup run is not successful ("+b.run.Status+").")
		return
	case b.run.DatabaseVersion != "" && b.run.DatabaseVersion != target.DatabaseVersion:
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: the backup's database version "+b.run.DatabaseVersion+" differs from the instance's "+target.DatabaseVersion+".")
		return
	}
	if op := s.running(key); op != nil {
		busy(w, op)
		return
	}
	target.State = "MAINTENANCE"
	op := s.newOperation(project, name, "RESTORE_VOLUME")
	old := maps(s.databases[key])
	names := map[string]string{}
	for db := range b.dumps {
		names[db] = s.localName(db)
	}
	dumps, users, passwords := maps(b.dumps), slices.Clone(b.users), maps(b.passwords)
	// The instance's databases are gone from the moment the restore
	// starts, as they are in Cloud SQL.
	delete(s.databases, key)
	s.work(op, func(ctx context.Context) error { return s.restoreAll(ctx, old, dumps, names) })
	op.apply = func(failed bool) {
		target.State = "RUNNABLE"
		if failed {
			return
		}
		s.databases[key] = names
		// The backup's roles replace the instance's, passwords too.
		s.users[key] = users
		s.passwords[key] = passwords
	}
	writeJSON(w, http.StatusOK, op.op)
}

func (s *Server) listBackupRuns(w http.ResponseWriter, r *http.Request, project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := project + "/" + r.PathValue("instance")
	if _, ok := s.instances[key]; !ok {
		notFound(w)
		return
	}
	s.settle()
	resp := &sqladmin.BackupRunsListResponse{Kind: "sql#backupRunsList"}
	runs := s.backups[key]
	for i := len(runs) - 1; i >= 0; i-- {
		resp.Items = append(resp.Items, cloneRun(runs[i].run))
	}
	// Newest first, by when they were enqueued or ended.
	sort.SliceStable(resp.Items, func(i, j int) bool { return runTime(resp.Items[i]) > runTime(resp.Items[j]) })
	writeJSON(w, http.StatusOK, resp)
}

func runTime(r *sqladmin.BackupRun) string {
	if r.EndTime != "" {
		return r.EndTime
	}
	return r.EnqueuedTime
}

func (s *Server) getBackupRun(w http.ResponseWriter, r *http.Request, project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	s.settle()
	for _, b := range s.backups[project+"/"+r.PathValue("instance")] {
		if b.run.Id == id {
			writeJSON(w, http.StatusOK, b.run)
			return
		}
	}
	writeError(w, http.StatusNotFound, "backupRunDoesNotExist", "The backup run does not exist.")
}

func (s *Server) insertBackupRun(w http.ResponseWriter, r *http.Request, project string) {
	var req sqladmin.BackupRun
	json.NewDecoder(r.Body).Decode(&req)
	s.mu.Lock()
	defer s.mu.Unlock()
	name := r.PathValue("instance")
	key := project + "/" + name
	inst, ok := s.instances[key]
	if !ok {
		notFound(w)
		return
	}
	if op := s.running(key); op != nil {
		busy(w, op)
		return
	}
	b := s.newBackup(inst, "ON_DEMAND", req.Description)
	b.run.Status = "RUNNING"
	b.run.StartTime = b.run.EnqueuedTime
	op := s.newOperation(project, name, "BACKUP_VOLUME")
	op.op.BackupContext = &sqladmin.BackupContext{Kind: "sql#backupContext", BackupId: b.run.Id}
	dbs := maps(s.databases[key])
	var dumps map[string]string
	s.work(op, func(ctx context.Context) (err error) {
		dumps, err = s.dumpAll(ctx, dbs)
		return err
	})
	op.apply = func(failed bool) {
		b.run.EndTime = s.now().UTC().Format(time.RFC3339Nano)
		if failed {
			b.run.Status = "FAILED"
			return
		}
		b.run.Status, b.dumps = "SUCCESSFUL", dumps
	}
	writeJSON(w, http.StatusOK, op.op)
}

func (s *Server) listDatabases(w http.ResponseWriter, r *http.Request, project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := r.PathValue("instance")
	key := project + "/" + name
	if _, ok := s.instances[key]; !ok {
		notFound(w)
		return
	}
	s.settle()
	var names []string
	for db := range s.databases[key] {
		names = append(names, db)
	}
	sort.Strings(names)
	resp := &sqladmin.DatabasesListResponse{Kind: "sql#databasesList"}
	for _, db := range names {
		resp.Items = append(resp.Items, &sqladmin.Database{Kind: "sql#database", Name: db, Instance: name, Project: project,
			Charset: "UTF8", Collation: "en_US.UTF8"})
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) insertUser(w http.ResponseWriter, r *http.Request, project string) {
	var u sqladmin.User
	if err := json.NewDecoder(r.Body).Decode(&u); err != nil || u.Name == "" {
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: name is required.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	name := r.PathValue("instance")
	key := project + "/" + name
	if _, ok := s.instances[key]; !ok {
		notFound(w)
		return
	}
	if u.Type == "CLOUD_IAM_SERVICE_ACCOUNT" && !strings.HasSuffix(u.Name, ".iam") && !strings.HasSuffix(u.Name, ".iam.gserviceaccount.com") {
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: an IAM service account user is named <account>@<project>.iam.")
		return
	}
	if slices.Contains(s.users[key], u.Name) {
		writeError(w, http.StatusConflict, "userAlreadyExists", "The user already exists.")
		return
	}
	op := s.newOperation(project, name, "CREATE_USER")
	op.apply = func(failed bool) {
		if !failed {
			s.users[key] = append(s.users[key], u.Name)
			if u.Password != "" {
				s.setPassword(key, u.Name, u.Password)
			}
		}
	}
	writeJSON(w, http.StatusOK, op.op)
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, project string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := r.PathValue("instance")
	key := project + "/" + name
	if _, ok := s.instances[key]; !ok {
		notFound(w)
		return
	}
	s.settle()
	resp := &sqladmin.UsersListResponse{Kind: "sql#usersList"}
	for _, u := range s.users[key] {
		resp.Items = append(resp.Items, &sqladmin.User{Kind: "sql#user", Name: u, Instance: name, Project: project, Type: userType(u)})
	}
	writeJSON(w, http.StatusOK, resp)
}

// userType tells an IAM user by its name, as the API's type says.
func userType(name string) string {
	switch {
	case strings.HasSuffix(name, ".iam") || strings.HasSuffix(name, ".iam.gserviceaccount.com"):
		return "CLOUD_IAM_SERVICE_ACCOUNT"
	case strings.Contains(name, "@"):
		return "CLOUD_IAM_USER"
	}
	return "BUILT_IN"
}

// updateUser sets a user's password (users.update, the user named by the
// name parameter).
func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, project string) {
	var u sqladmin.User
	if err := json.NewDecoder(r.Body).Decode(&u); err != nil {
		writeError(w, http.StatusBadRequest, "invalidRequest", "Invalid request: the body is not a user.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	name := r.PathValue("instance")
	key := project + "/" + name
	user := r.URL.Query().Get("name")
	if _, ok := s.instances[key]; !ok || !slices.Contains(s.users[key], user) {
		notFound(w)
		return
	}
	op := s.newOperation(project, name, "UPDATE_USER")
	op.apply = func(failed bool) {
		if !failed {
			s.setPassword(key, user, u.Password)
		}
	}
	writeJSON(w, http.StatusOK, op.op)
}

// setPassword is called with mu held.
func (s *Server) setPassword(key, user, password string) {
	if s.passwords[key] == nil {
		s.passwords[key] = map[string]string{}
	}
	s.passwords[key][user] = password
}

// SetPassword gives a built-in user of an instance a password.
func (s *Server) SetPassword(project, instance, user, password string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setPassword(project+"/"+instance, user, password)
}

// Password is a built-in user's password on an instance ("" for none).
func (s *Server) Password(project, instance, user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.passwords[project+"/"+instance][user]
}

// AddUser adds a database user to an instance.
func (s *Server) AddUser(project, instance, name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[project+"/"+instance] = append(s.users[project+"/"+instance], name)
}

// Users lists an instance's database users.
func (s *Server) Users(project, instance string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.users[project+"/"+instance])
}
