package migrations_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/migrations"
)

// FuzzCheck: whatever the text, Check returns a report whose findings point
// at lines of the file and say what they are, and never panics.
//
//	go test ./internal/domain/migrations -run '^$' -fuzz FuzzCheck -fuzztime 5m
func FuzzCheck(f *testing.F) {
	// Start the parser (compiling libpg_query's WebAssembly takes seconds)
	// before the first input, which the fuzzer would otherwise take for a
	// hang.
	migrations.Check("warm.sql", []byte("SELECT 1;"))
	files, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.sql"))
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{"", ";", "--", "-- olympus:contract", "ALTER TABLE t DROP COLUMN", "'", "$$", "/*",
		"ALTER TABLE t ALTER c TYPE int, DROP c, ALTER d SET NOT NULL", "WITH a AS (DELETE FROM t) SELECT 1", "é\nSELEC",
		"DO $$ BEGIN EXECUTE 'DROP TABLE t'; IF a THEN DELETE FROM t; END IF; END $$",
		"SELECT " + strings.Repeat("1+(", 450) + "1" + strings.Repeat(")", 450) + ";"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		r := migrations.Check("fuzz.sql", src)
		lines := strings.Count(string(src), "\n") + 1
		for _, list := range [][]migrations.Finding{r.Findings, r.Allowed} {
			for _, fd := range list {
				if fd.Line < 1 || fd.Line > lines || fd.Rule == "" || fd.Title == "" || fd.Message == "" || fd.Alternative == "" {
					t.Fatalf("finding %+v in a file of %d lines", fd, lines)
				}
			}
		}
		if r.Contract != nil && (r.Contract.Reason == "" || r.Contract.Line < 1 || r.Contract.Line > lines) {
			t.Fatalf("contract %+v", r.Contract)
		}
		if r.Contract == nil && len(r.Allowed) > 0 {
			t.Fatalf("allowed without a contract: %+v", r.Allowed)
		}
	})
}
