package migrations_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/migrations"
)

// migrationTree writes n migrations of a realistic size (a table, a few
// columns added, a backfill, an index, comments; one in ten destructive).
func migrationTree(tb testing.TB, n int) (string, int64) {
	tb.Helper()
	dir := tb.TempDir()
	var total int64
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "-- Migration %04d: orders and their totals.\n", i)
		fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS orders_%d (\n  id bigserial PRIMARY KEY,\n  user_id bigint NOT NULL REFERENCES users (id),\n  total numeric(12,2) NOT NULL DEFAULT 0,\n  created_at timestamptz NOT NULL DEFAULT now()\n);\n", i)
		fmt.Fprintf(&b, "ALTER TABLE users ADD COLUMN IF NOT EXISTS pref_%d text, ADD COLUMN score_%d int NOT NULL DEFAULT 0;\n", i, i)
		fmt.Fprintf(&b, "UPDATE users SET pref_%d = 'none' WHERE pref_%d IS NULL AND id BETWEEN %d AND %d;\n", i, i, i*1000, i*1000+999)
		fmt.Fprintf(&b, "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_%d_user ON orders_%d (user_id) WHERE total > 0;\n", i, i)
		fmt.Fprintf(&b, "COMMENT ON TABLE orders_%d IS 'never DROP TABLE this: the billing job reads it';\n", i)
		if i%10 == 0 {
			fmt.Fprintf(&b, "ALTER TABLE users\n  DROP COLUMN legacy_%d,\n  ALTER COLUMN score_%d TYPE bigint;\n", i, i)
		}
		p := filepath.Join(dir, "migrations", fmt.Sprintf("%04d_orders.sql", i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			tb.Fatal(err)
		}
		total += int64(b.Len())
	}
	return dir, total
}

// BenchmarkGuard1000Files: the guard over 1,000 migration files, as the
// validate check runs it (list, read, parse, judge), after the parser's
// one-time start (compiling libpg_query's WebAssembly, once a process).
//
//	go test ./internal/domain/migrations -run '^$' -bench Guard1000Files -benchtime 5x
func BenchmarkGuard1000Files(b *testing.B) {
	const n = 1000
	dir, size := migrationTree(b, n)
	migrations.Check("warm.sql", []byte("SELECT 1;"))
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	b.SetBytes(size)
	b.ResetTimer()
	for b.Loop() {
		sel, err := migrations.Select(context.Background(), root, "migrations/**/*.sql", "", nil)
		if err != nil || len(sel.Files) != n {
			b.Fatalf("%d files, %v", len(sel.Files), err)
		}
		findings := 0
		for _, f := range sel.Files {
			src, err := migrations.ReadFile(root, f)
			if err != nil {
				b.Fatal(err)
			}
			findings += len(destructive(migrations.Check(f, src).Findings))
		}
		if findings != 2*n/10 {
			b.Fatalf("%d findings, want %d", findings, 2*n/10)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "files/s")
}
