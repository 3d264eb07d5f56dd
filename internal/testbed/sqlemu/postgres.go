package sqlemu

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localpg"
)

// The instances' data: each database of an emulated instance is a real
// database of one local PostgreSQL server, named <prefix>_<n>_<name> so
// that emulators sharing a server never meet.

// backup is one backup run, with its data when it succeeded: one
// pg_dump file per database of the instance at the time.
type backup struct {
	run   *sqladmin.BackupRun
	dumps map[string]string // database → dump file
	users []string
	// passwords are the built-in users' passwords: a backup holds the
	// whole cluster, roles and their password hashes too.
	passwords map[string]string
}

// UsePostgres keeps the instances' databases in pg: every instance gets a
// postgres database, as Cloud SQL's do, and backups, restores and
// connections work on real data. Call it before adding instances.
func (s *Server) UsePostgres(pg *localpg.Server) {
	b := make([]byte, 4)
	rand.Read(b)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pg, s.prefix = pg, "e"+hex.EncodeToString(b)
}

// Postgres is the server behind the instances, or nil.
func (s *Server) Postgres() *localpg.Server {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pg
}

var unsafeDB = regexp.MustCompile(`[^a-z0-9_]+`)

// localName is a new local database name for an instance's database.
// Called with mu held.
func (s *Server) localName(db string) string {
	s.nextDB++
	name := fmt.Sprintf("%s_%d_%s", s.prefix, s.nextDB, unsafeDB.ReplaceAllString(strings.ToLower(db), "_"))
	return name[:min(len(name), 63)]
}

// AddDatabase creates a database on an instance and returns the DSN to
// seed it with (as the server's superuser).
func (s *Server) AddDatabase(ctx context.Context, project, instance, db string) (string, error) {
	s.mu.Lock()
	if s.pg == nil {
		s.mu.Unlock()
		return "", fmt.Errorf("no PostgreSQL: call UsePostgres first")
	}
	key := project + "/" + instance
	if _, ok := s.instances[key]; !ok {
		s.mu.Unlock()
		return "", fmt.Errorf("no instance %s", key)
	}
	local := s.localName(db)
	s.mu.Unlock()
	if err := s.createLocal(ctx, local); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.databases[key] == nil {
		s.databases[key] = map[string]string{}
	}
	s.databases[key][db] = local
	return s.pg.DSN(local), nil
}

// DSN is the connection string of an instance's database, as the
// server's superuser, for tests to read what landed.
func (s *Server) DSN(project, instance, db string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	local, ok := s.databases[project+"/"+instance][db]
	if !ok || s.pg == nil {
		return "", false
	}
	return s.pg.DSN(local), true
}

// Databases lists an instance's databases.
func (s *Server) Databases(project, instance string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for db := range s.databases[project+"/"+instance] {
		out = append(out, db)
	}
	sort.Strings(out)
	return out
}

// Backup takes a successful automated backup of an instance now (a real
// dump of each database), recorded as ended at end. It returns its run.
func (s *Server) Backup(ctx context.Context, project, instance string, end time.Time) (*sqladmin.BackupRun, error) {
	s.mu.Lock()
	key := project + "/" + instance
	inst, ok := s.instances[key]
	if !ok {
		s.mu.Unlock()
		return nil, fmt.Errorf("no instance %s", key)
	}
	b := s.newBackup(inst, "AUTOMATED", "")
	dbs := maps(s.databases[key])
	s.mu.Unlock()
	dumps, err := s.dumpAll(ctx, dbs)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		b.run.Status = "FAILED"
		return nil, err
	}
	b.dumps = dumps
	b.run.Status = "SUCCESSFUL"
	b.run.StartTime = end.Add(-time.Minute).UTC().Format(time.RFC3339Nano)
	b.run.EndTime = end.UTC().Format(time.RFC3339Nano)
	b.run.WindowStartTime = b.run.StartTime
	return cloneRun(b.run), nil
}

// AddBackupRun records a backup run as given (a failed one, say), with
// no data.
func (s *Server) AddBackupRun(project, instance string, run *sqladmin.BackupRun) *sqladmin.BackupRun {
	s.mu.Lock()
	defer s.mu.Unlock()
	inst := s.instances[project+"/"+instance]
	b := s.newBackup(inst, run.Type, run.Description)
	id := b.run.Id
	*b.run = *cloneRun(run)
	b.run.Id, b.run.Instance, b.run.Kind = id, instance, "sql#backupRun"
	return cloneRun(b.run)
}

// newBackup records a backup run, ENQUEUED. Called with mu held.
func (s *Server) newBackup(inst *sqladmin.DatabaseInstance, typ, description string) *backup {
	s.nextRun++
	now := s.now().UTC().Format(time.RFC3339Nano)
	key := inst.Project + "/" + inst.Name
	id := 1700000000000 + s.nextRun
	b := &backup{run: &sqladmin.BackupRun{Kind: "sql#backupRun", Id: id, Instance: inst.Name, Type: typ, Status: "ENQUEUED",
		Description: description, EnqueuedTime: now, Location: inst.Region, BackupKind: "SNAPSHOT", DatabaseVersion: inst.DatabaseVersion,
		SelfLink: fmt.Sprintf("https://sqladmin.googleapis.com/v1/projects/%s/instances/%s/backupRuns/%d", inst.Project, inst.Name, id)},
		users: slices.Clone(s.users[key]), passwords: maps(s.passwords[key])}
	s.backups[key] = append(s.backups[key], b)
	return b
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func cloneRun(r *sqladmin.BackupRun) *sqladmin.BackupRun {
	c := *r
	return &c
}

// dumpAll dumps each database (name → local name) to a file of its own.
func (s *Server) dumpAll(ctx context.Context, dbs map[string]string) (map[string]string, error) {
	dir, err := os.MkdirTemp(s.pg.Dir, "backup-")
	if err != nil {
		return nil, err
	}
	dumps := map[string]string{}
	for db, local := range dbs {
		file := filepath.Join(dir, unsafeDB.ReplaceAllString(db, "_")+".dump")
		if out, err := s.pg.Tool(ctx, "pg_dump", "-Fc", "-Z", "1", "-d", local, "-f", file); err != nil {
			return nil, fmt.Errorf("pg_dump of %s: %w\n%s", db, err, out)
		}
		dumps[db] = file
	}
	return dumps, nil
}

// restoreAll replaces the databases of an instance (old: name → local
// name) with the backup's; it returns the new name → local name.
func (s *Server) restoreAll(ctx context.Context, old map[string]string, dumps map[string]string, names map[string]string) error {
	for _, local := range old {
		if err := s.dropLocal(ctx, local); err != nil {
			return err
		}
	}
	for db, file := range dumps {
		local := names[db]
		if err := s.createLocal(ctx, local); err != nil {
			return err
		}
		// Everything as the restoring superuser: the instance's roles are
		// the server's, shared by every emulated instance.
		if out, err := s.pg.Tool(ctx, "pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "-j", "2", "-d", local, file); err != nil {
			return fmt.Errorf("pg_restore of %s: %w\n%s", db, err, out)
		}
	}
	return nil
}

func (s *Server) createLocal(ctx context.Context, local string) error {
	return s.admin(ctx, "CREATE DATABASE "+pgx.Identifier{local}.Sanitize())
}

func (s *Server) dropLocal(ctx context.Context, local string) error {
	return s.admin(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{local}.Sanitize()+" WITH (FORCE)")
}

func (s *Server) admin(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, s.pg.DSN("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	_, err = conn.Exec(ctx, sql)
	return err
}
