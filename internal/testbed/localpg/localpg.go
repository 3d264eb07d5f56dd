// Package localpg runs a throwaway PostgreSQL server for the test bed: the
// SQL Admin emulator keeps each Cloud SQL instance's databases in it. The
// server is made with initdb in a temporary directory, listens on a Unix
// socket only (no TCP port to collide on) and trusts local connections.
//
// PostgreSQL refuses to run as root, and CI runs as root: the server then
// runs as the postgres user (Debian's package makes it), or as nobody,
// owning its own directory.
package localpg

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Superuser is the server's superuser, whatever OS user runs it.
const Superuser = "olympus"

// Server is one running PostgreSQL server.
type Server struct {
	// Dir holds the data directory and the socket.
	Dir string
	// Bin is the directory of initdb, pg_ctl, pg_dump and pg_restore.
	Bin  string
	cred *syscall.Credential
}

// FindBin returns the directory of a PostgreSQL installation's programs
// (initdb beside pg_ctl, pg_dump and pg_restore): PG_BIN, then initdb on
// PATH, then Debian's /usr/lib/postgresql/<version>/bin, the newest first.
func FindBin() (string, error) {
	if d := os.Getenv("PG_BIN"); d != "" {
		return d, nil
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		return filepath.Dir(p), nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", errors.New("no PostgreSQL found (initdb): install Debian's postgresql package, or set PG_BIN")
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// Start makes and starts a server in a new temporary directory.
func Start(ctx context.Context) (*Server, error) {
	bin, err := FindBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "olympus-pg-")
	if err != nil {
		return nil, err
	}
	s := &Server{Dir: dir, Bin: bin}
	if os.Geteuid() == 0 {
		if s.cred, err = unprivileged(); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		if err := os.Chown(dir, int(s.cred.Uid), int(s.cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := s.start(ctx); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// unprivileged is the user a root process runs the server as.
func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("running as root and neither a postgres nor a nobody user exists to run PostgreSQL as")
}

func (s *Server) start(ctx context.Context) error {
	data := filepath.Join(s.Dir, "data")
	if out, err := s.run(ctx, "initdb", "-D", data, "-U", Superuser, "-A", "trust", "-E", "UTF8", "--locale", "C", "--no-sync"); err != nil {
		return fmt.Errorf("failed to run initdb: %w\n%s", err, out)
	}
	// Unix socket only; fsync off: a test server loses nothing worth
	// keeping in a crash, and writes a gigabyte much faster.
	opts := fmt.Sprintf("-c listen_addresses='' -c unix_socket_directories='%s' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", s.Dir)
	if out, err := s.run(ctx, "pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(s.Dir, "log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.Dir, "log"))
		return fmt.Errorf("failed to start PostgreSQL: %w\n%s\n%s", err, out, log)
	}
	return nil
}

// run runs one of the server's programs as the server's user.
func (s *Server) run(ctx context.Context, prog string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(s.Bin, prog), args...)
	cmd.Dir = s.Dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	return cmd.CombinedOutput()
}

// Stop stops the server and removes its directory.
func (s *Server) Stop() {
	if _, err := os.Stat(filepath.Join(s.Dir, "data", "postmaster.pid")); err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		s.run(ctx, "pg_ctl", "-D", filepath.Join(s.Dir, "data"), "-m", "immediate", "-w", "stop")
		cancel()
	}
	os.RemoveAll(s.Dir)
}

// DSN is a connection string to database as the superuser, over the
// socket.
func (s *Server) DSN(database string) string {
	q := url.Values{"host": {s.Dir}, "sslmode": {"disable"}}
	return fmt.Sprintf("postgres://%s@/%s?%s", Superuser, url.PathEscape(database), q.Encode())
}

// Socket is the path of the server's Unix socket.
func (s *Server) Socket() string { return filepath.Join(s.Dir, ".s.PGSQL.5432") }

// Tool runs pg_dump, pg_restore or psql of the server's installation
// against it as the superuser; the output is returned with the error.
func (s *Server) Tool(ctx context.Context, prog string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(s.Bin, prog), append([]string{"-h", s.Dir, "-U", Superuser}, args...)...)
	cmd.Env = append(os.Environ(), "LC_ALL=C", "PGCONNECT_TIMEOUT=10")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return []byte(out.String()), err
}

// ForTest starts a server for one test, stopped at its end. Without
// PostgreSQL the test skips and says why, except in CI (CI=true), where it
// fails: CI must run it (.ci/run installs Debian's postgresql).
func ForTest(t testing.TB) *Server {
	t.Helper()
	if _, err := FindBin(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v; CI must run this test (.ci/run installs postgresql)", err)
		}
		t.Skip(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

var shared struct {
	once sync.Once
	s    *Server
	err  error
}

// Shared is one server for every test of a package that calls it, started
// on first use (a few seconds) and stopped by StopShared from TestMain.
// Tests keep apart by database names. Without PostgreSQL it skips or
// fails as ForTest does.
func Shared(t testing.TB) *Server {
	t.Helper()
	if _, err := FindBin(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v; CI must run this test (.ci/run installs postgresql)", err)
		}
		t.Skip(err)
	}
	shared.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		shared.s, shared.err = Start(ctx)
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.s
}

// StopShared stops the shared server, if one was started.
func StopShared() {
	if shared.s != nil {
		shared.s.Stop()
	}
}
