package datarefresh_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localpg"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runneremu"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/sqlemu"
)

func TestMain(m *testing.M) {
	code := m.Run()
	localpg.StopShared()
	harness.Cleanup()
	os.Exit(code)
}

const (
	prodProject    = "olympus-prod-9c3f"
	stagingProject = "olympus-staging-4b2a"
	region         = "us-central1"
	prod           = "olympus-prod"
	staging        = "olympus-staging"
	account        = "data-refresh@olympus-staging-4b2a.iam.gserviceaccount.com"
	runtimeUser    = "olympus-api-run@olympus-staging-4b2a.iam"
	users          = 300
)

// The production database: fake people, their orders, and countries
// (whose names are not personal).
const schema = `
CREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL, full_name text, phone text, birth_date date,
  password_hash text, country text REFERENCES countries, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE orders (id int PRIMARY KEY, user_id int REFERENCES users, shipping_address text, total_cents int);
INSERT INTO countries VALUES ('FR', 'France'), ('DE', 'Germany'), ('GB', 'United Kingdom');
INSERT INTO users SELECT i, 'person' || i || '@mail.example', 'Person Number ' || i, '+33 6 ' || lpad(i::text, 8, '0'),
  date '1970-01-01' + i, md5('secret' || i), (ARRAY['FR','DE','GB'])[1 + i % 3] FROM generate_series(1, {{users}}) i;
INSERT INTO orders SELECT i, 1 + i % {{users}}, i || ' rue de la Paix, Paris', i * 100 FROM generate_series(1, 2 * {{users}}) i;
`

const manifest = `version: 1
databases:
  olympus:
    columns:
      public.users.email: fake
      public.users.full_name: fake
      public.users.phone: null
      public.users.birth_date: null
      public.users.password_hash: hash
      public.orders.shipping_address: null
      public.countries.name: {rule: keep, reason: "country names are not about a person"}
`

const sanitizeUsers = `UPDATE users SET email = 'user' || id || '@example.invalid', full_name = 'User ' || id,
  phone = NULL, birth_date = NULL, password_hash = md5(current_setting('olympus.hash_key') || password_hash);
`

const sanitizeOrders = `UPDATE orders SET shipping_address = NULL;`

type bed struct {
	emu *sqlemu.Server
	gh  *fakegithub.Server
	dir string // the workspace, with sanitize/
	// targetBackup is the target's own backup from before.
	targetBackup *sqladmin.BackupRun
}

// cloud serves production with a backup of two hours ago, and staging
// with data of its own and a backup of it.
// prodPassword is a production database user's password.
const prodPassword = "prod-db-password-canary-31f9"

func cloud(t *testing.T) *bed {
	t.Helper()
	ctx := context.Background()
	emu := sqlemu.New()
	t.Cleanup(emu.Close)
	emu.UsePostgres(localpg.Shared(t))
	p := sqlemu.PostgresInstance(prodProject, region, prod, 7)
	emu.AddInstance(p)
	s := sqlemu.PostgresInstance(stagingProject, region, staging, 7)
	s.Settings.IpConfiguration = &sqladmin.IpConfiguration{PrivateNetwork: "projects/" + stagingProject + "/global/networks/olympus"}
	emu.AddInstance(s)
	emu.AddUser(stagingProject, staging, runtimeUser)
	// Production's built-in users and their passwords: a backup holds
	// the roles with their password hashes.
	emu.AddUser(prodProject, prod, "app")
	emu.SetPassword(prodProject, prod, "app", prodPassword)
	emu.SetPassword(prodProject, prod, "postgres", prodPassword+"-postgres")
	exec(t, must(emu.AddDatabase(ctx, prodProject, prod, "olympus")), strings.ReplaceAll(schema, "{{users}}", fmt.Sprint(users)))
	exec(t, must(emu.AddDatabase(ctx, stagingProject, staging, "olympus")), `CREATE TABLE leftovers (id int); INSERT INTO leftovers VALUES (1);`)
	if _, err := emu.Backup(ctx, prodProject, prod, time.Now().Add(-2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	tb, err := emu.Backup(ctx, stagingProject, staging, time.Now().Add(-5*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	b := &bed{emu: emu, gh: fakegithub.New(t, harness.Token), dir: t.TempDir(), targetBackup: tb}
	b.write(t, "sanitize/manifest.yaml", manifest)
	b.write(t, "sanitize/olympus/001-users.sql", sanitizeUsers)
	b.write(t, "sanitize/olympus/002-orders.sql", sanitizeOrders)
	return b
}

func (b *bed) write(t *testing.T, name, text string) {
	t.Helper()
	p := filepath.Join(b.dir, name)
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func exec(t *testing.T, dsn, sql string) {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), sql); err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
}

func query[T any](t *testing.T, dsn, sql string, args ...any) T {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var v T
	if err := conn.QueryRow(context.Background(), sql, args...).Scan(&v); err != nil {
		t.Fatalf("%v\n%s", err, sql)
	}
	return v
}

func (b *bed) run(inputs map[string]string) harness.Run {
	in := map[string]string{"source-project": prodProject, "target-project": stagingProject, "service-account": account,
		"reason": "weekly refresh", "sql-endpoint": b.emu.URL}
	for k, v := range inputs {
		in[k] = v
	}
	return harness.Run{Step: "data-refresh", Inputs: in, GitHub: b.gh, Dir: b.dir, Env: map[string]string{"OLYMPUS_TEST_TIMING": "5ms"}}
}

// scratches are the instances left in staging's project besides staging.
func (b *bed) scratches() []string {
	var out []string
	for _, inst := range b.emu.Instances(stagingProject) {
		if inst.Name != staging {
			out = append(out, inst.Name)
		}
	}
	return out
}

// targetRestores are the restore requests sent for the target.
func (b *bed) targetRestores() int {
	n := 0
	for _, r := range b.emu.Requests() {
		if r.Op == "instances.restoreBackup" && strings.Contains(r.Path, "/instances/"+staging+"/") {
			n++
		}
	}
	return n
}

// prodWrites are requests other than reads to production's project.
func (b *bed) prodWrites() []sqlemu.Request {
	var out []sqlemu.Request
	for _, r := range b.emu.Requests() {
		if strings.Contains(r.Path, "/projects/"+prodProject+"/") && r.Method != "GET" {
			out = append(out, r)
		}
	}
	return out
}

func TestRefreshRestoresSanitizesVerifiesAndLands(t *testing.T) {
	b := cloud(t)
	prodDSN, _ := b.emu.DSN(prodProject, prod, "olympus")
	res := harness.Exec(t, b.run(nil))
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	for k, v := range map[string]string{"verification": "passed", "target-restored": "true", "scratch-instance": staging + "-refresh-4242"} {
		if res.Outputs[k] != v {
			t.Errorf("output %s = %q, want %q", k, res.Outputs[k], v)
		}
	}
	dsn, ok := b.emu.DSN(stagingProject, staging, "olympus")
	if !ok {
		t.Fatal("the target has no olympus database")
	}
	// Production's users came with the backup, but not their passwords:
	// no production credential logs in to staging.
	for _, u := range []string{"app", "postgres"} {
		if !slices.Contains(b.emu.Users(stagingProject, staging), u) {
			t.Errorf("the target has no user %s", u)
		}
		if pw := b.emu.Password(stagingProject, staging, u); pw == "" || strings.HasPrefix(pw, prodPassword) {
			t.Errorf("user %s on the target has the password %q: production's", u, pw)
		}
	}
	if strings.Contains(res.All(), prodPassword) || !strings.Contains(res.Summary, "`app`, `postgres`") && !strings.Contains(res.Summary, "`postgres`, `app`") {
		t.Errorf("the summary does not name the users given new passwords, or shows a password:\n%s", res.Summary)
	}
	// The target holds production's rows, sanitized: no personal value of
	// production at all, sampled or not.
	if n := query[int64](t, dsn, "SELECT count(*) FROM users"); n != users {
		t.Errorf("the target has %d users, want %d", n, users)
	}
	for _, col := range []string{"email", "full_name", "phone", "birth_date::text", "password_hash"} {
		left := query[int64](t, dsn, "SELECT count(*) FROM users WHERE "+col+" IS NOT NULL AND "+col+" = ANY($1)",
			query[[]string](t, prodDSN, "SELECT array_agg("+col+") FROM users"))
		if left != 0 {
			t.Errorf("%d production value(s) of users.%s are on the target", left, col)
		}
	}
	if n := query[int64](t, dsn, "SELECT count(*) FROM orders WHERE shipping_address IS NOT NULL"); n != 0 {
		t.Errorf("%d shipping addresses on the target", n)
	}
	if n := query[int64](t, dsn, "SELECT count(*) FROM countries WHERE name = 'France'"); n != 1 {
		t.Errorf("kept column lost: %d", n)
	}
	if n := query[int64](t, dsn, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'leftovers'"); n != 0 {
		t.Error("the target still has its old tables: it was not restored")
	}
	// Production is only read; the scratch instance is gone.
	if w := b.prodWrites(); len(w) != 0 {
		t.Errorf("writes to production: %+v", w)
	}
	if s := b.scratches(); len(s) != 0 {
		t.Errorf("scratch instances left: %v", s)
	}
	// It connected through the Cloud SQL connector with IAM database
	// authentication, as the step's identity.
	conns := b.emu.Connections()
	if len(conns) == 0 {
		t.Fatal("no database connection went through the connector")
	}
	for _, c := range conns {
		if !c.IAM || c.User != "data-refresh@olympus-staging-4b2a.iam" || c.Instance != stagingProject+"/"+staging+"-refresh-4242" {
			t.Errorf("connection %+v", c)
		}
	}
	// The target keeps its application's IAM user.
	if u := b.emu.Users(stagingProject, staging); !contains(u, runtimeUser) {
		t.Errorf("target users %v lack %s", u, runtimeUser)
	}
	for _, want := range []string{"## Data refresh: `prod` → `staging`", "| Outcome | refreshed |", "| Verification | passed |",
		"`olympus/001-users.sql` | `", "`olympus/002-orders.sql`", "| `olympus` | `public.users.email` | fake | ", "no sampled value left",
		"deleted", "weekly refresh", "octocat", "only read"} {
		if !strings.Contains(res.Summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, res.Summary)
		}
	}
	issues := b.gh.Issues()
	if len(issues) != 1 || issues[0].Labels[0].Name != "data-refresh" || !strings.Contains(issues[0].Title, "from backup") {
		t.Errorf("record issues %+v", issues)
	}
	if strings.Contains(res.All(), "person1@mail.example") || strings.Contains(res.All(), "Person Number") {
		t.Error("a personal value was printed")
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// assertUntouched checks a refused or failed refresh: the target never
// got a restore, still holds its own data, and the scratch is gone.
func (b *bed) assertUntouched(t *testing.T, res *harness.Result) {
	t.Helper()
	if n := b.targetRestores(); n != 0 {
		t.Errorf("%d restore(s) onto the target", n)
	}
	dsn, _ := b.emu.DSN(stagingProject, staging, "olympus")
	if n := query[int64](t, dsn, "SELECT count(*) FROM leftovers"); n != 1 {
		t.Error("the target's own data changed")
	}
	if s := b.scratches(); len(s) != 0 {
		t.Errorf("scratch instances left: %v", s)
	}
	if len(res.Outputs) > 0 && res.Outputs["target-restored"] != "false" { // outputs are Actions' only
		t.Errorf("target-restored = %q", res.Outputs["target-restored"])
	}
}

func TestRefusalsLeaveTheTargetAndNoScratch(t *testing.T) {
	for name, tc := range map[string]struct {
		change  func(t *testing.T, b *bed)
		want    string
		deleted bool // a scratch instance was made, and deleted
	}{
		"personal column without a rule": {func(t *testing.T, b *bed) {
			b.write(t, "sanitize/manifest.yaml", strings.Replace(manifest, "      public.users.phone: null\n", "", 1))
		}, `column public.users.phone looks personal ("phone") and has no rule`, true},
		"manifest column gone": {func(t *testing.T, b *bed) {
			b.write(t, "sanitize/manifest.yaml", manifest+"      public.users.fax: null\n")
		}, "the manifest names column public.users.fax, which does not exist", true},
		"sanitization SQL error": {func(t *testing.T, b *bed) {
			b.write(t, "sanitize/olympus/002-orders.sql", "UPDATE orders SET no_such_column = NULL;")
		}, `failed to run olympus/002-orders.sql (nothing of the sanitization was kept): ERROR: column "no_such_column" of relation "orders" does not exist (SQLSTATE 42703`, true},
		"rule left unapplied": {func(t *testing.T, b *bed) {
			b.write(t, "sanitize/olympus/001-users.sql", strings.Replace(sanitizeUsers, "phone = NULL, ", "", 1))
		}, "the verification failed: 1 column(s) still hold personal values", true},
		"unkeyed hash": {func(t *testing.T, b *bed) {
			b.write(t, "sanitize/olympus/001-users.sql", strings.Replace(sanitizeUsers, "md5(current_setting('olympus.hash_key') || password_hash)", "md5(password_hash)", 1))
		}, "the verification failed: 1 column(s) still hold personal values", true},
		"sanitization SQL error quoting a value": {func(t *testing.T, b *bed) {
			b.write(t, "sanitize/olympus/002-orders.sql", "UPDATE users SET id = email::bigint;")
		}, `ERROR: invalid input syntax for type bigint: (value withheld) (SQLSTATE 22P02`, true},
		"backup too old": {func(t *testing.T, b *bed) {
			b.emu.AddBackupRun(prodProject, prod, &sqladmin.BackupRun{Type: "AUTOMATED", Status: "FAILED", EndTime: time.Now().Format(time.RFC3339)})
		}, "", false},
	} {
		t.Run(name, func(t *testing.T) {
			b := cloud(t)
			tc.change(t, b)
			in := map[string]string{}
			if name == "backup too old" {
				in["max-backup-age"] = "1h"
				tc.want = "more than max-backup-age 1h0m0s"
			}
			res := harness.Exec(t, b.run(in))
			if res.ExitCode != 1 || !strings.Contains(res.Stdout+res.Stderr, tc.want) {
				t.Fatalf("exit %d, want 1 with %q\nstdout:\n%s\nstderr:\n%s", res.ExitCode, tc.want, res.Stdout, res.Stderr)
			}
			b.assertUntouched(t, res)
			made := b.emu.Count("instances.insert") > 0
			if made != tc.deleted {
				t.Errorf("scratch made: %v, want %v", made, tc.deleted)
			}
			if made && (!strings.Contains(res.Summary, "-refresh-4242` (private, labelled with run 4242): deleted") || len(b.gh.Issues()) != 1) {
				t.Errorf("the record does not say the scratch was deleted, or was not filed (%d issues):\n%s", len(b.gh.Issues()), res.Summary)
			}
			if strings.Contains(res.All(), "person1@mail.example") {
				t.Error("a personal value was printed")
			}
		})
	}
}

func TestVerificationFailureShowsTheColumn(t *testing.T) {
	b := cloud(t)
	b.write(t, "sanitize/olympus/001-users.sql", strings.Replace(sanitizeUsers, "email = 'user' || id || '@example.invalid', ", "", 1))
	res := harness.Exec(t, b.run(nil))
	if res.ExitCode != 1 || res.Outputs["verification"] != "failed" {
		t.Fatalf("exit %d outputs %v\n%s", res.ExitCode, res.Outputs, res.Stderr)
	}
	if !strings.Contains(res.Summary, "| `olympus` | `public.users.email` | fake | 200 | 200 | 300 | **failed: 200 row(s) still hold a sampled value** |") {
		t.Errorf("summary:\n%s", res.Summary)
	}
	b.assertUntouched(t, res)
}

func TestBadInputSendsNothing(t *testing.T) {
	for name, tc := range map[string]struct {
		inputs map[string]string
		change func(t *testing.T, b *bed)
		want   string
	}{
		"target is production":   {map[string]string{"target-environment": "prod"}, nil, `input target-environment: invalid value "prod": it is production`},
		"default target is prod": {map[string]string{"source-environment": "staging", "target-environment": "prod"}, nil, "it is production"},
		"target in prod project": {map[string]string{"target-project": prodProject}, nil, "input target-project"},
		"malformed manifest": {nil, func(t *testing.T, b *bed) {
			b.write(t, "sanitize/manifest.yaml", "version: 1\ndatabases:\n  olympus:\n    columns:\n      public.users.email: scramble\n")
		}, `unknown rule "scramble"`},
		"keep without reason": {nil, func(t *testing.T, b *bed) {
			b.write(t, "sanitize/manifest.yaml", "version: 1\ndatabases:\n  olympus:\n    columns:\n      public.users.email: keep\n")
		}, "keep needs a reason"},
		"missing folder":   {map[string]string{"sanitize-path": "nowhere"}, nil, `input sanitize-path: invalid value "nowhere": no such directory`},
		"missing manifest": {nil, func(t *testing.T, b *bed) { os.Remove(filepath.Join(b.dir, "sanitize", "manifest.yaml")) }, "no manifest.yaml"},
		"bad backup id":    {map[string]string{"backup": "latest"}, nil, `input backup: invalid value "latest"`},
		"no account":       {map[string]string{"service-account": ""}, nil, "input service-account"},
		"bad account":      {map[string]string{"service-account": "me@example.com"}, nil, "input service-account"},
	} {
		t.Run(name, func(t *testing.T) {
			b := cloud(t)
			if tc.change != nil {
				tc.change(t, b)
			}
			res := harness.Exec(t, b.run(tc.inputs))
			if res.ExitCode != 2 || !strings.Contains(res.Stdout+res.Stderr, tc.want) {
				t.Fatalf("exit %d, want 2 with %q\n%s\n%s", res.ExitCode, tc.want, res.Stdout, res.Stderr)
			}
			if n := len(b.emu.Requests()); n != 0 {
				t.Errorf("bad input reached the API: %d request(s)", n)
			}
		})
	}
}

func TestCancelMidRestoreDeletesTheScratchAndRecords(t *testing.T) {
	b := cloud(t)
	b.emu.SlowOperations(2 * time.Second)
	r := b.run(nil)
	r.Local, r.GitHub = true, nil
	p := harness.Start(t, r)
	if !p.WaitForOutput("restoring the backup into the scratch instance", time.Minute) {
		t.Fatal("the restore never started")
	}
	p.Signal(syscall.SIGINT)
	res := p.Wait(t, time.Minute)
	if res.ExitCode == 0 || !strings.Contains(res.Stderr, "the step was cancelled while the restore of the backup into") {
		t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	files, _ := filepath.Glob(filepath.Join(b.dir, "data-refresh-"+staging+"-*.md"))
	if len(files) != 1 {
		t.Fatalf("record files %v", files)
	}
	rec, _ := os.ReadFile(files[0])
	if !strings.Contains(string(rec), "): deleted") || !strings.Contains(string(rec), "not touched") {
		t.Errorf("record:\n%s", rec)
	}
	b.assertUntouched(t, res)
}

func TestReadsAreRetried(t *testing.T) {
	b := cloud(t)
	b.emu.Inject(sqlemu.Fault{Op: "backupRuns.list", Status: 503, Times: 2})
	b.emu.Inject(sqlemu.Fault{Op: "instances.get", Status: 429, RetryAfter: 1, Times: 1})
	b.emu.Inject(sqlemu.Fault{Op: "operations.get", Status: 502, Times: 1})
	res := harness.Exec(t, b.run(nil))
	if res.ExitCode != 0 || res.Outputs["target-restored"] != "true" {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	if !strings.Contains(res.Stdout+res.Stderr, "retrying a call to the Cloud SQL Admin API") {
		t.Errorf("retries are not logged:\n%s", res.Stderr)
	}
}

func TestOperationErrors(t *testing.T) {
	t.Run("into the scratch", func(t *testing.T) {
		b := cloud(t)
		b.emu.FailNext("RESTORE_VOLUME", "Backup restore failed: the disk of the new instance is too small.")
		res := harness.Exec(t, b.run(nil))
		if res.ExitCode != 3 || !strings.Contains(res.Stdout+res.Stderr, "ended in error: INTERNAL_ERROR: Backup restore failed: the disk of the new instance is too small.") {
			t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
		}
		b.assertUntouched(t, res)
	})
	t.Run("onto the target", func(t *testing.T) {
		b := cloud(t)
		b.emu.FailNextOn("RESTORE_VOLUME", stagingProject, staging, "Restore failed: internal error.")
		res := harness.Exec(t, b.run(nil))
		if res.ExitCode != 3 || !strings.Contains(res.Stdout+res.Stderr, "Restore failed: internal error.") {
			t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
		}
		hint := fmt.Sprintf("gcloud sql backups restore %d --restore-instance=%s --backup-instance=%s --project=%s", b.targetBackup.Id, staging, staging, stagingProject)
		if !strings.Contains(res.Summary, "### The target was touched and is not refreshed") || !strings.Contains(res.Summary, hint) ||
			!strings.Contains(res.Summary, "unknown: the restore ended in error") {
			t.Errorf("summary lacks the target's state and %q:\n%s", hint, res.Summary)
		}
		if s := b.scratches(); len(s) != 0 {
			t.Errorf("scratch instances left: %v", s)
		}
	})
}

func TestASecondRefreshRefusesAndSaysWho(t *testing.T) {
	b := cloud(t)
	other := sqlemu.PostgresInstance(stagingProject, region, staging+"-refresh-99", 0)
	other.CreateTime = "2026-11-26T03:00:00Z"
	other.Settings.UserLabels = map[string]string{"olympus-data-refresh": "scratch", "olympus-refresh-target": staging, "olympus-run": "99", "olympus-started-by": "alice"}
	b.emu.AddInstance(other)
	res := harness.Exec(t, b.run(nil))
	want := `another data refresh of "olympus-staging" is running or was left behind: scratch instance "olympus-staging-refresh-99" of run 99, started by alice at 2026-11-26T03:00:00Z`
	if res.ExitCode != 1 || !strings.Contains(res.Stdout, want) || b.emu.Count("instances.insert") != 0 {
		t.Fatalf("exit %d inserts %d, want 1 with %q\n%s", res.ExitCode, b.emu.Count("instances.insert"), want, res.Stdout)
	}
}

func TestDryRunCreatesNothing(t *testing.T) {
	b := cloud(t)
	res := harness.Exec(t, b.run(map[string]string{"dry-run": "true"}))
	if res.ExitCode != 0 || !strings.Contains(res.Summary, "dry run: nothing was created or changed") || res.Outputs["backup-id"] == "" {
		t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Summary, res.Stderr)
	}
	for _, r := range b.emu.Requests() {
		if r.Method != "GET" {
			t.Errorf("a write in a dry run: %+v", r)
		}
	}
}

// Text from PostgreSQL and the cloud API is untrusted: it never issues a
// workflow command, and the token never shows, in any channel.
func TestHostileTextCommandsNothingAndLeaksNothing(t *testing.T) {
	b := cloud(t)
	// A message the SQL raises is withheld (it may quote a row); a name
	// PostgreSQL quotes back is shown, and may hold anything.
	b.write(t, "sanitize/olympus/002-orders.sql", "UPDATE orders SET \"boom\r::stop-commands::pwn\n::error title=forged::x\" = NULL;")
	b.emu.FailNext("DELETE", "quota\r::stop-commands::pwn\n::error title=forged::forged by the API "+harness.Token)
	res := harness.Exec(t, b.run(map[string]string{"reason": "INC-9 " + harness.Token + "\n::warning::forged by the reason"}))
	if res.ExitCode != 1 || !strings.Contains(res.Stdout+res.Stderr, "boom") {
		t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	log := runneremu.ProcessStreams([]byte(res.Stdout), []byte(res.Stderr))
	for _, c := range log.Commands {
		if c.Data == "pwn" || strings.HasPrefix(c.Data, "forged") || strings.Contains(c.Properties["title"], "forged") {
			t.Errorf("untrusted text issued a command: %+v", c)
		}
	}
	if log.StopToken != "" || log.Contains(harness.Token) {
		t.Errorf("stop token %q, or the token is in the job log:\n%s", log.StopToken, strings.Join(log.Lines, "\n"))
	}
	all := strings.ReplaceAll(res.All(), "::add-mask::"+harness.Token, "")
	for _, is := range b.gh.Issues() {
		all += is.Title + is.Body
	}
	if i := strings.Index(all, harness.Token); i >= 0 {
		t.Errorf("the token leaked: …%s…", all[max(0, i-300):i+len(harness.Token)])
	}
	if !strings.Contains(res.Summary, "INC-9 ***") || !strings.Contains(res.Summary, "not confirmed deleted") {
		t.Errorf("summary:\n%s", res.Summary)
	}
}
