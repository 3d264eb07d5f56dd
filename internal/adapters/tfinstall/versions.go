package tfinstall

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/go-version"
)

// Binary is a terraform or tofu binary and its version.
type Binary struct {
	Path    string
	Version *version.Version
}

// versionMemo remembers the versions of the binaries olympus did not
// install (terraform or tofu on PATH, terraform-path), so that a binary
// already seen is not run once more to ask: each step is a process of its
// own, and terraform-exec asks before its first command. An entry is
// keyed by the binary's identity: its real path, device, inode, size and
// modification and change times. Replacing or rewriting the file changes
// its change time, which no one but the clock sets, so a changed binary is
// always asked again. The memo is a speed-up only: when it cannot be read
// or written, the binary is asked.
type versionMemo struct {
	dir string // CacheDir/versions; "" remembers nothing
	ask func(ctx context.Context, path string) (*version.Version, error)
}

func (m versionMemo) versionOf(ctx context.Context, path string) (*version.Version, error) {
	key, ok := identity(path)
	if !ok || m.dir == "" {
		return m.ask(ctx, path)
	}
	entry := filepath.Join(m.dir, key)
	if b, err := os.ReadFile(entry); err == nil {
		if v, err := version.NewVersion(strings.TrimSpace(string(b))); err == nil {
			return v, nil
		}
	}
	v, err := m.ask(ctx, path)
	if err != nil {
		return nil, err
	}
	m.remember(entry, v)
	return v, nil
}

// remember writes the entry whole or not at all: concurrent steps of a
// job (a matrix on one runner) may ask at once.
func (m versionMemo) remember(entry string, v *version.Version) {
	if err := os.MkdirAll(m.dir, 0o700); err != nil {
		return
	}
	f, err := os.CreateTemp(m.dir, ".entry-")
	if err != nil {
		return
	}
	_, werr := f.WriteString(v.Original() + "\n")
	if cerr := f.Close(); werr != nil || cerr != nil {
		os.Remove(f.Name())
		return
	}
	if err := os.Rename(f.Name(), entry); err != nil {
		os.Remove(f.Name())
	}
}

// identity names the file path resolves to as it is now; ok is false
// where the platform gives no change time.
func identity(path string) (string, bool) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", false
	}
	if real, err = filepath.Abs(real); err != nil {
		return "", false
	}
	st, err := os.Stat(real)
	if err != nil || !st.Mode().IsRegular() {
		return "", false
	}
	id, ok := fileIdentity(st)
	if !ok {
		return "", false
	}
	sum := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%s\x00%d\x00%d", real, id, st.Size(), st.ModTime().UnixNano())))
	return hex.EncodeToString(sum[:]), true
}
