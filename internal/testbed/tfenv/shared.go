package tfenv

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

var (
	once      sync.Once
	sharedCfg string
	sharedErr error
	sharedDir string
	cleanups  []string
)

func addCleanup(dir string) { cleanups = append(cleanups, dir) }

// Shared installs the provider once per test process and returns the CLI
// config path. The caller's own terraform config is never touched.
func Shared(t testing.TB) string {
	t.Helper()
	once.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "olympus-tfenv-")
		if sharedErr == nil {
			addCleanup(sharedDir)
			sharedCfg, sharedErr = Install(context.Background(), sharedDir)
		}
	})
	if sharedErr != nil {
		t.Fatalf("failed to install the localcloud provider: %v", sharedErr)
	}
	return sharedCfg
}

// Cleanup removes what Shared and PluginDir installed; call it from TestMain.
func Cleanup() {
	for _, dir := range cleanups {
		os.RemoveAll(dir)
	}
}

// CopyDir copies a fixture tree into dst, so a test never writes into the
// repository.
func CopyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			switch d.Name() {
			case ".terraform", "state", ".localcloud":
				if p != src {
					return filepath.SkipDir
				}
			}
			return os.MkdirAll(target, 0o755)
		}
		if d.Name() == ".terraform.lock.hcl" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatalf("failed to copy %s: %v", src, err)
	}
}
