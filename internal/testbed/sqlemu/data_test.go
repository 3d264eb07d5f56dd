package sqlemu

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/localpg"
)

func client(t *testing.T, s *Server) *sqladmin.Service {
	svc, err := sqladmin.NewService(context.Background(), option.WithEndpoint(s.URL), option.WithoutAuthentication())
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

func wait(t *testing.T, svc *sqladmin.Service, project string, op *sqladmin.Operation) *sqladmin.Operation {
	t.Helper()
	for range 600 {
		got, err := svc.Operations.Get(project, op.Name).Do()
		if err != nil {
			t.Fatal(err)
		}
		if got.Status == "DONE" {
			return got
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("operation %s never ended", op.Name)
	return nil
}

func count(t *testing.T, dsn string) int64 {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int64
	if err := conn.QueryRow(context.Background(), "SELECT count(*) FROM t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A backup is a real dump and a restore a real pg_restore: what the source
// held when it was backed up lands in another project's new instance.
func TestBackupRestoreAndDeleteOnRealData(t *testing.T) {
	ctx := context.Background()
	s := New()
	t.Cleanup(s.Close)
	s.UsePostgres(localpg.ForTest(t))
	s.AddInstance(PostgresInstance("src-p", "r", "src", 7))
	dsn, err := s.AddDatabase(ctx, "src-p", "src", "app")
	if err != nil {
		t.Fatal(err)
	}
	conn, _ := pgx.Connect(ctx, dsn)
	conn.Exec(ctx, "CREATE TABLE t (id int); INSERT INTO t SELECT generate_series(1, 42)")
	conn.Close(ctx)
	run, err := s.Backup(ctx, "src-p", "src", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	svc := client(t, s)
	op, err := svc.Instances.Insert("dst-p", &sqladmin.DatabaseInstance{Name: "copy", DatabaseVersion: "POSTGRES_16",
		Settings: &sqladmin.Settings{Tier: "db-f1-micro", DeletionProtectionEnabled: true}}).Do()
	if err != nil {
		t.Fatal(err)
	}
	wait(t, svc, "dst-p", op)
	op, err = svc.Instances.RestoreBackup("dst-p", "copy", &sqladmin.InstancesRestoreBackupRequest{
		RestoreBackupContext: &sqladmin.RestoreBackupContext{BackupRunId: run.Id, InstanceId: "src", Project: "src-p"}}).Do()
	if err != nil {
		t.Fatal(err)
	}
	// Another operation while the restore runs is refused, as Cloud SQL does.
	if _, err := svc.BackupRuns.Insert("dst-p", "copy", &sqladmin.BackupRun{}).Do(); err != nil {
		if ge, ok := err.(*googleapi.Error); !ok || ge.Code != http.StatusConflict {
			t.Errorf("a backup during the restore: %v", err)
		}
	}
	if done := wait(t, svc, "dst-p", op); done.Error != nil {
		t.Fatalf("restore: %+v", done.Error.Errors[0])
	}
	copyDSN, ok := s.DSN("dst-p", "copy", "app")
	if !ok || count(t, copyDSN) != 42 {
		t.Fatalf("the restored instance lacks the data (%v)", ok)
	}
	if _, err := svc.Instances.Delete("dst-p", "copy").Do(); err == nil {
		t.Error("an instance with deletion protection was deleted")
	}
	s.mu.Lock()
	s.instances["dst-p/copy"].Settings.DeletionProtectionEnabled = false
	s.mu.Unlock()
	op, err = svc.Instances.Delete("dst-p", "copy").Do()
	if err != nil {
		t.Fatal(err)
	}
	wait(t, svc, "dst-p", op)
	if _, ok := s.Instance("dst-p", "copy"); ok {
		t.Error("the instance is still there")
	}
}
