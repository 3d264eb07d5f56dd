package tfinstall

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
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
// own, and terraform-exec asks before its first command.
//
// An entry is keyed by the path as called and the identity of the file it
// resolves to: real path, device, inode, size, modification and change
// times. Replacing or rewriting the file changes its change time, which
// no one but the clock sets, so a changed binary is always asked again.
// Only a binary whose bytes fix its version is remembered: a file named
// terraform… or tofu… that is not a script. A version manager's shim or
// wrapper (tfenv's and asdf's scripts, mise's and aqua's links to their
// own multi-call binary) chooses what it runs at each call, by directory
// or setting, so it is asked every time. The memo is a speed-up only:
// when it cannot be read or written, or its directory is not this user's
// alone, the binary is asked.
type versionMemo struct {
	dir string // CacheDir/versions; "" remembers nothing
	ask func(ctx context.Context, path, dir string) (*version.Version, error)
}

func (m versionMemo) versionOf(ctx context.Context, path, workDir string) (*version.Version, error) {
	key, ok := m.key(path)
	if !ok {
		return m.ask(ctx, path, workDir)
	}
	entry := filepath.Join(m.dir, key)
	if b, err := os.ReadFile(entry); err == nil {
		if v, err := version.NewVersion(strings.TrimSpace(string(b))); err == nil {
			return v, nil
		}
	}
	v, err := m.ask(ctx, path, workDir)
	if err != nil {
		return nil, err
	}
	m.remember(entry, v)
	return v, nil
}

// remember writes the entry whole or not at all: concurrent steps of a
// job (a matrix on one runner) may ask at once.
func (m versionMemo) remember(entry string, v *version.Version) {
	if err := os.MkdirAll(m.dir, 0o700); err != nil || !private(m.dir) {
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

// key names path as called and the file it resolves to as it is now; ok
// is false when the binary is not to be remembered (see versionMemo), the
// memo is off or not private, or the platform gives no change time.
func (m versionMemo) key(path string) (string, bool) {
	if m.dir == "" {
		return "", false
	}
	if _, err := os.Lstat(m.dir); err == nil && !private(m.dir) {
		return "", false
	}
	called, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	real, err := filepath.EvalSymlinks(called)
	if err != nil {
		return "", false
	}
	if name := filepath.Base(real); !strings.HasPrefix(name, "terraform") && !strings.HasPrefix(name, "tofu") {
		return "", false
	}
	st, err := os.Stat(real)
	if err != nil || !st.Mode().IsRegular() || isScript(real) {
		return "", false
	}
	id, ok := fileIdentity(st)
	if !ok {
		return "", false
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%d\x00%d", called, real, id, st.Size(), st.ModTime().UnixNano()))
	return hex.EncodeToString(sum[:]), true
}

// isScript reports whether the file starts with #! (or cannot be read).
func isScript(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return true
	}
	defer f.Close()
	head := make([]byte, 2)
	if _, err := io.ReadFull(f, head); err != nil {
		return true
	}
	return string(head) == "#!"
}
