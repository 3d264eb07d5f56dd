package migrations_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/migrations"
)

// The parser's compiled module is written to the cache directory by the
// first process, and read back (not compiled) by the next: the directory
// holds one entry after two processes.
func TestParserCacheKeepsTheCompiledModule(t *testing.T) {
	if dir := os.Getenv("OLYMPUS_TEST_PARSER_CACHE"); dir != "" {
		if err := migrations.SetCacheDir(dir); err != nil {
			t.Fatal(err)
		}
		if r := migrations.Check("m.sql", []byte("DROP TABLE users;")); len(r.Findings) == 0 {
			t.Fatal("no finding")
		}
		return
	}
	dir := t.TempDir()
	var sizes []int
	for range 2 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestParserCacheKeepsTheCompiledModule$", "-test.count=1")
		cmd.Env = append(os.Environ(), "OLYMPUS_TEST_PARSER_CACHE="+dir)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		n := 0
		err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, n)
	}
	if sizes[0] == 0 || sizes[1] != sizes[0] {
		t.Errorf("cache entries after each process: %v, want the same non-zero number", sizes)
	}
}
