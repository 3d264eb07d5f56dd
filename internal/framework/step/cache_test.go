package step

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func getenvOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// Without a home of its own, the cache is a directory private to this
// user, never a shared one in the temporary directory that another user
// could have made first (and filled with a terraform of their own).
func TestTheCacheNeverFallsBackToASharedDirectory(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, home := range []string{"", "/"} {
		dir, err := CacheDir(getenvOf(map[string]string{"HOME": home}))
		if err != nil {
			t.Fatalf("HOME=%q: %v", home, err)
		}
		st, err := os.Lstat(dir)
		if err != nil {
			t.Fatalf("HOME=%q: the cache %q was not made: %v", home, dir, err)
		}
		if !st.IsDir() || st.Mode().Perm() != 0o700 || int(st.Sys().(*syscall.Stat_t).Uid) != os.Geteuid() {
			t.Errorf("HOME=%q: cache %q is %v owned by %d, want a 0700 directory of ours", home, dir, st.Mode(), st.Sys().(*syscall.Stat_t).Uid)
		}
	}
	// The same directory, made by someone else first or opened to
	// others, is refused.
	dir, _ := CacheDir(getenvOf(nil))
	for name, spoil := range map[string]func() error{
		"world-writable": func() error { return os.Chmod(dir, 0o777) },
		"a symlink": func() error {
			os.RemoveAll(dir)
			return os.Symlink(t.TempDir(), dir)
		},
	} {
		t.Run(name, func(t *testing.T) {
			if err := spoil(); err != nil {
				t.Fatal(err)
			}
			defer func() { os.RemoveAll(dir); os.Mkdir(dir, 0o700) }()
			got, err := CacheDir(getenvOf(nil))
			if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "OLYMPUS_CACHE_DIR") {
				t.Fatalf("got %q, %v; want a refusal naming %s and the fix", got, err, dir)
			}
		})
	}
	if os.Geteuid() == 0 {
		t.Run("owned by another user", func(t *testing.T) {
			if err := os.Chown(dir, 65534, 65534); err != nil {
				t.Fatal(err)
			}
			defer os.Chown(dir, 0, 0)
			if _, err := CacheDir(getenvOf(nil)); err == nil {
				t.Fatal("a cache directory owned by another user was accepted")
			}
		})
	}
	// A cache the environment names is used as it is.
	want := filepath.Join(tmp, "mine")
	if got, err := CacheDir(getenvOf(map[string]string{"OLYMPUS_CACHE_DIR": want})); err != nil || got != want {
		t.Errorf("OLYMPUS_CACHE_DIR: %q, %v", got, err)
	}
}
