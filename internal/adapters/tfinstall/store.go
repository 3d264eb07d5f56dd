package tfinstall

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/go-version"
)

// recordSuffix names the file beside a cached binary that records its
// sha256 as installed (after its release verified).
const recordSuffix = ".sha256"

// store is a cache of installed binaries of one engine:
// <dir>/<version>/<os>_<arch>/<name>, each beside <name>.sha256, written
// when it was installed. A binary is handed out only while it still has
// that sha256: one changed since (by another job sharing the cache, a disk
// error) is refused, never run.
type store struct {
	dir, name, goos, arch string
}

func (s store) path(v *version.Version) string {
	return filepath.Join(s.dir, v.String(), s.goos+"_"+s.arch, s.name)
}

// errUnrecorded marks an install with no record (left by an older olympus
// or an interrupted copy): it is installed again.
var errUnrecorded = errors.New("no sha256 recorded")

// cached returns the installed binary of v. ok is false when there is
// none; an error wrapping ErrVerification when it changed since it was
// installed.
func (s store) cached(v *version.Version) (string, bool, error) {
	p, err := s.check(v)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, errUnrecorded) {
		return p, false, nil
	}
	return p, err == nil, err
}

func (s store) check(v *version.Version) (string, error) {
	p := s.path(v)
	st, err := os.Lstat(p)
	if err != nil {
		return p, err
	}
	if !st.Mode().IsRegular() || st.Mode()&0o111 == 0 {
		return p, fmt.Errorf("%w: the cached %s %s at %q is not an executable file: delete %q to install it again", ErrVerification, s.name, v, p, filepath.Dir(p))
	}
	rec, err := os.ReadFile(p + recordSuffix)
	if errors.Is(err, fs.ErrNotExist) {
		return p, errUnrecorded
	}
	if err != nil {
		return p, fmt.Errorf("failed to read the sha256 recorded for %q: %w", p, err)
	}
	want, _, _ := strings.Cut(strings.TrimSpace(string(rec)), " ")
	got, err := FileSHA256(p)
	if err != nil {
		return p, fmt.Errorf("failed to check the cached %s %s at %q: %w", s.name, v, p, err)
	}
	if got != want {
		return p, fmt.Errorf("%w: the cached %s %s at %q changed since it was installed (sha256 %s, recorded %s): it was refused and not run; delete %q to install it again",
			ErrVerification, s.name, v, p, got, want, filepath.Dir(p))
	}
	return p, nil
}

// versions lists the versions installed (and intact), newest first.
func (s store) versions() []*version.Version {
	entries, _ := os.ReadDir(s.dir)
	var out []*version.Version
	for _, e := range entries {
		v, err := version.NewVersion(e.Name())
		if err != nil || !e.IsDir() {
			continue
		}
		if _, ok, _ := s.cached(v); ok {
			out = append(out, v)
		}
	}
	sort.Sort(sort.Reverse(version.Collection(out)))
	return out
}

// put installs v: fill writes the verified binary into a temporary
// directory as <name>; its sha256 is recorded beside it and the directory
// renamed into place only when complete, so a concurrent or interrupted
// install never leaves half a binary.
func (s store) put(v *version.Version, fill func(tmp string) error) (string, error) {
	if p, ok, err := s.cached(v); ok || err != nil {
		return p, err
	}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return "", fmt.Errorf("failed to create the %s cache: %w", s.name, err)
	}
	tmp, err := os.MkdirTemp(s.dir, ".install-")
	if err != nil {
		return "", fmt.Errorf("failed to create the %s cache: %w", s.name, err)
	}
	defer os.RemoveAll(tmp)
	if err := fill(tmp); err != nil {
		return "", err
	}
	bin := filepath.Join(tmp, s.name)
	if err := os.Chmod(bin, 0o755); err != nil {
		return "", err
	}
	sum, err := FileSHA256(bin)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(bin+recordSuffix, []byte(sum+"  "+s.name+"\n"), 0o644); err != nil {
		return "", fmt.Errorf("failed to record the sha256 of %s %s: %w", s.name, v, err)
	}
	final := filepath.Dir(s.path(v))
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return "", fmt.Errorf("failed to create the %s cache: %w", s.name, err)
	}
	if _, err := s.check(v); errors.Is(err, errUnrecorded) || errors.Is(err, fs.ErrNotExist) {
		os.RemoveAll(final) // what an older or interrupted install left
	}
	if err := os.Rename(tmp, final); err != nil {
		// Another process installed it first: use theirs.
		if p, ok, err := s.cached(v); ok || err != nil {
			return p, err
		}
		return "", fmt.Errorf("failed to install %s %s into %q: %w", s.name, v, final, err)
	}
	return s.path(v), nil
}
