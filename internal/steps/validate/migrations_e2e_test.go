package validate_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/gitrepo"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runneremu"
)

// migrationRepo is a workspace whose main branch has an old destructive
// migration (already deployed, not judged again) and whose pull request
// adds a destructive one, a contract-phase one and a safe one. It returns
// the workspace and the pull request's base commit.
func migrationRepo(t *testing.T) (string, string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	ws := t.TempDir()
	gitrepo.Git(t, ws, "init", "-q", "-b", "main")
	gitrepo.Write(t, ws, "db/migrations/0001_init.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);\n")
	gitrepo.Write(t, ws, "db/migrations/0002_old.sql", "-- deployed long ago\nALTER TABLE users DROP COLUMN legacy;\n")
	gitrepo.Git(t, ws, "add", ".")
	gitrepo.Git(t, ws, "commit", "-q", "-m", "main")
	base := gitrepo.Git(t, ws, "rev-parse", "HEAD")
	gitrepo.Git(t, ws, "checkout", "-q", "-b", "feature")
	gitrepo.Write(t, ws, "db/migrations/0003_expand.sql", "-- DROP TABLE in a comment is fine\nALTER TABLE users ADD COLUMN full_name text;\n"+
		"CREATE INDEX CONCURRENTLY users_full_name ON users (full_name);\n")
	gitrepo.Write(t, ws, "db/migrations/0004_bad.sql", "ALTER TABLE users\n  ADD COLUMN nickname text,\n  DROP COLUMN name;\n"+
		"UPDATE users SET email = lower(email);\n")
	gitrepo.Write(t, ws, "db/migrations/0005_contract.sql", "-- olympus:contract users.email unread since release 42\n"+
		"ALTER TABLE users DROP COLUMN email;\n")
	gitrepo.Git(t, ws, "add", ".")
	gitrepo.Git(t, ws, "commit", "-q", "-m", "feature")
	return ws, base
}

func pullRequestFrom(base string) harness.Event {
	ev := harness.PullRequest(7)
	pr := ev.Payload["pull_request"].(map[string]any)
	pr["base"] = map[string]any{"ref": "main", "sha": base}
	return ev
}

func migrationsRun(ws string, inputs map[string]string) harness.Run {
	in := map[string]string{"checks": "migrations", "migrations-path": "db/migrations/**/*.sql"}
	for k, v := range inputs {
		in[k] = v
	}
	return harness.Run{Step: "validate", Dir: ws, Inputs: in}
}

func TestMigrationGuardJudgesThePullRequestsMigrations(t *testing.T) {
	ws, base := migrationRepo(t)
	r := migrationsRun(ws, nil)
	r.Event = pullRequestFrom(base)
	res := harness.Exec(t, r)
	if res.ExitCode != 1 {
		t.Fatalf("exit %d, want 1\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	// Two destructive clauses of 0004 fail; 0002 is older than the pull
	// request; 0005 is the contract phase. The three files that alter
	// users set no lock_timeout: a lock finding each, medium, which warns.
	if res.Outputs["findings"] != "5" || res.Outputs["failed"] != "true" {
		t.Errorf("outputs %v", res.Outputs)
	}
	for _, want := range []struct{ level, file, line, rule string }{
		{"error", "db/migrations/0004_bad.sql", "3", "drop-column"},
		{"error", "db/migrations/0004_bad.sql", "4", "update-without-where"},
		{"warning", "db/migrations/0003_expand.sql", "2", "lock-timeout (medium)"},
		{"warning", "db/migrations/0005_contract.sql", "2", "lock-timeout (medium)"},
		{"notice", "db/migrations/0005_contract.sql", "1", "contract phase"},
	} {
		if !hasAnnotation(res.Stdout, want.level, want.file, want.line, want.rule) {
			t.Errorf("no ::%s annotation at %s:%s for %s:\n%s", want.level, want.file, want.line, want.rule, res.Stdout)
		}
	}
	if strings.Contains(res.Stdout, "0002_old.sql") {
		t.Error("a migration older than the pull request was judged")
	}

	b, err := os.ReadFile(filepath.Join(ws, "olympus-validate.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	if len(log.Runs) != 1 || log.Runs[0].Tool.Driver.Name != "olympus-migration-guard" || len(log.Runs[0].Results) != 5 {
		t.Fatalf("SARIF runs %+v", log.Runs)
	}
	var locs []string
	for _, r := range log.Runs[0].Results {
		loc := r.Locations[0].PhysicalLocation
		locs = append(locs, fmt.Sprintf("%s:%d", loc.ArtifactLocation.URI, loc.Region.StartLine))
	}
	want := []string{"db/migrations/0003_expand.sql:2", "db/migrations/0004_bad.sql:1", "db/migrations/0004_bad.sql:3",
		"db/migrations/0004_bad.sql:4", "db/migrations/0005_contract.sql:2"}
	if !slices.Equal(locs, want) {
		t.Errorf("SARIF locations %v, want %v", locs, want)
	}
	golden.Check(t, "migrations.summary.md", strings.ReplaceAll(res.Summary, base[:12], "<base>"))
}

func TestMigrationGuardWithoutHistoryJudgesEveryFile(t *testing.T) {
	ws, base := migrationRepo(t)
	os.RemoveAll(filepath.Join(ws, ".git"))
	r := migrationsRun(ws, nil)
	r.Event = pullRequestFrom(base)
	res := harness.Exec(t, r)
	// 0002's old drop now counts too, with its lock finding.
	if res.ExitCode != 1 || res.Outputs["findings"] != "7" || !strings.Contains(res.Summary, "Judged all 5 file(s)") ||
		!strings.Contains(res.Summary, "not a git work tree") {
		t.Errorf("exit %d outputs %v\n%s\n%s", res.ExitCode, res.Outputs, res.Summary, res.Stderr)
	}
}

func TestMigrationGuardBaseFromInputAndLaptop(t *testing.T) {
	ws, _ := migrationRepo(t)
	r := migrationsRun(ws, map[string]string{"migrations-base": "main"})
	r.Local = true
	res := harness.Exec(t, r)
	if res.ExitCode != 1 || !strings.Contains(res.Stderr, "db/migrations/0004_bad.sql:3: ") ||
		strings.Contains(res.Stderr, "0002_old.sql") || !strings.Contains(res.Stdout, "**Contract phase**") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
}

func TestMigrationGuardBadInputRunsNothing(t *testing.T) {
	for name, tc := range map[string]struct {
		inputs map[string]string
		want   string
	}{
		"unknown base":    {map[string]string{"migrations-base": "mian"}, `input migrations-base: invalid value "mian"`},
		"option as base":  {map[string]string{"migrations-base": "--output=/tmp/x"}, `input migrations-base: invalid value "--output=/tmp/x"`},
		"glob outside":    {map[string]string{"migrations-path": "../*.sql"}, `input migrations-path: invalid value "../*.sql"`},
		"absolute glob":   {map[string]string{"migrations-path": "/etc/*.sql"}, `input migrations-path: invalid value "/etc/*.sql"`},
		"broken glob":     {map[string]string{"migrations-path": "db/[.sql"}, `input migrations-path: invalid value "db/[.sql"`},
		"symlink outside": {map[string]string{"migrations-path": "db/**/*.sql"}, `input migrations-path: invalid value "db/**/*.sql"`},
		"unknown check":   {map[string]string{"checks": "migration"}, `input checks: invalid value "migration"`},
		"lock severity":   {map[string]string{"migrations-lock-severity": "urgent"}, `input migrations-lock-severity: invalid value "urgent"`},
		"postgres":        {map[string]string{"migrations-postgres-version": "sixteen"}, `input migrations-postgres-version: invalid value "sixteen"`},
	} {
		t.Run(name, func(t *testing.T) {
			ws, _ := migrationRepo(t)
			if name == "symlink outside" {
				outside := filepath.Join(t.TempDir(), "x.sql")
				gitrepo.Write(t, filepath.Dir(outside), "x.sql", "DROP TABLE secrets;")
				if err := os.Symlink(outside, filepath.Join(ws, "db", "migrations", "0009_link.sql")); err != nil {
					t.Fatal(err)
				}
			}
			res := harness.Exec(t, migrationsRun(ws, tc.inputs))
			if res.ExitCode != 2 || !strings.Contains(res.Stdout+res.Stderr, tc.want) {
				t.Fatalf("exit %d, want 2 with %q\nstdout:\n%s\nstderr:\n%s", res.ExitCode, tc.want, res.Stdout, res.Stderr)
			}
			if _, err := os.Stat(filepath.Join(ws, "olympus-validate.sarif")); err == nil {
				t.Error("a SARIF file was written")
			}
			if len(res.Outputs) != 0 || strings.Contains(res.Stdout, "secrets") {
				t.Errorf("outputs %v\n%s", res.Outputs, res.Stdout)
			}
		})
	}
}

// SQL and contract reasons come from a pull request: they never issue a
// workflow command.
func TestMigrationGuardHostileSQLCommandsNothing(t *testing.T) {
	ws := t.TempDir()
	gitrepo.Write(t, ws, "migrations/0001.sql", "-- olympus:contract ::warning::forged ::stop-commands::pwn\nDROP TABLE a;\n")
	gitrepo.Write(t, ws, "migrations/0002.sql", "UPDATE t SET note = '\r::error::forged\r\n::stop-commands::pwn'; -- ::error::forged\n")
	// A quoted name may hold line breaks; it goes into the finding's title.
	gitrepo.Write(t, ws, "migrations/0003.sql", "DROP TABLE \"x\r::error::forged\n::stop-commands::pwn\";\n")
	res := harness.Exec(t, harness.Run{Step: "validate", Dir: ws, Inputs: map[string]string{"checks": "migrations"}})
	// 0002's UPDATE, 0003's DROP TABLE; 0001's and 0003's drops set no
	// lock_timeout.
	if res.ExitCode != 1 || res.Outputs["findings"] != "4" {
		t.Fatalf("exit %d outputs %v\n%s", res.ExitCode, res.Outputs, res.Stdout)
	}
	log := runneremu.ProcessStreams([]byte(res.Stdout), []byte(res.Stderr))
	for _, c := range log.Commands {
		if c.Data == "pwn" || strings.HasPrefix(c.Data, "forged") {
			t.Errorf("a migration issued a command: %+v", c)
		}
	}
	if log.StopToken != "" {
		t.Errorf("commands stopped at the end, waiting for %q", log.StopToken)
	}
}

// Lock findings fail the step only at the severity chosen for them, and
// the PostgreSQL version decides which statements lock: a constant DEFAULT
// rewrites the table before PostgreSQL 11 only.
func TestMigrationGuardLockSeverityAndPostgresVersion(t *testing.T) {
	ws := t.TempDir()
	gitrepo.Write(t, ws, "migrations/0001.sql", "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN plan text NOT NULL DEFAULT 'free';\n"+
		"CREATE INDEX users_plan ON users (plan);\n")
	for name, tc := range map[string]struct {
		inputs   map[string]string
		exit     int
		findings string
		want     string
	}{
		"default: a warning":    {nil, 0, "1", "::warning file=migrations/0001.sql,line=3"},
		"lock severity high":    {map[string]string{"migrations-lock-severity": "high"}, 1, "1", "::error file=migrations/0001.sql,line=3"},
		"lock severity low":     {map[string]string{"migrations-lock-severity": "low"}, 0, "1", "::notice file=migrations/0001.sql,line=3"},
		"before PostgreSQL 11":  {map[string]string{"migrations-postgres-version": "10"}, 0, "2", "::warning file=migrations/0001.sql,line=2"},
		"PostgreSQL 9.6, high":  {map[string]string{"migrations-postgres-version": "9.6", "migrations-lock-severity": "high"}, 1, "2", "::error file=migrations/0001.sql,line=2"},
		"PostgreSQL 17.2 minor": {map[string]string{"migrations-postgres-version": "17.2"}, 0, "1", "create-index-blocking (medium)"},
	} {
		t.Run(name, func(t *testing.T) {
			in := map[string]string{"checks": "migrations"}
			for k, v := range tc.inputs {
				in[k] = v
			}
			res := harness.Exec(t, harness.Run{Step: "validate", Dir: ws, Inputs: in})
			if res.ExitCode != tc.exit || res.Outputs["findings"] != tc.findings || !strings.Contains(res.Stdout, tc.want) {
				t.Errorf("exit %d (want %d), outputs %v, want %q in\n%s\n%s", res.ExitCode, tc.exit, res.Outputs, tc.want, res.Stdout, res.Stderr)
			}
		})
	}
}
