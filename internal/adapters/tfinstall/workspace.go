package tfinstall

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// workspace reads the repository's files (version pins, the root
// module's required_version) through an os.Root opened on the workspace,
// so that a file the repository links to a place outside it is refused
// unread: its first line would otherwise end up quoted in an error.
type workspace struct {
	top  string
	root *os.Root
}

// openWorkspace opens top, the workspace, for reading dir's files. When
// dir does not lie within top (a local run on a directory elsewhere), dir
// itself is the workspace.
func openWorkspace(dir, top string) (*workspace, error) {
	dir = realPath(dir)
	if top == "" || !inside(realPath(top), dir) {
		top = dir
	}
	top = realPath(top)
	root, err := os.OpenRoot(top)
	if err != nil {
		return nil, fmt.Errorf("failed to open the workspace %q: %w", top, err)
	}
	return &workspace{top: top, root: root}, nil
}

func (w *workspace) Close() { w.root.Close() }

// rel is p relative to the workspace, its last element left as it is (a
// link there is for the os.Root to follow, or refuse).
func (w *workspace) rel(p string) string {
	r, err := filepath.Rel(w.top, filepath.Join(realPath(filepath.Dir(p)), filepath.Base(p)))
	if err != nil {
		return p
	}
	return r
}

// read returns the file at p (a path inside the workspace): ok is false
// when there is none. A file that cannot be read inside the workspace (a
// symlink leading out of it, say) is a step.UsageError naming p, and
// nothing of what it points at is read.
func (w *workspace) read(p string) ([]byte, bool, error) {
	name := w.rel(p)
	if st, err := w.root.Stat(name); err == nil && st.IsDir() {
		return nil, false, nil
	}
	b, err := w.root.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		// Absent, or a link to nothing inside the workspace.
		return nil, false, nil
	}
	if err != nil {
		return nil, false, step.Usagef("%s cannot be read inside the workspace %q: it is a symlink that leads out of it (or an absolute one), or unreadable; "+
			"commit the file itself (version pins and *.tf files are read only from the repository)", p, w.top)
	}
	return b, true, nil
}

// readDir lists the directory p inside the workspace.
func (w *workspace) readDir(p string) ([]fs.DirEntry, error) {
	f, err := w.root.Open(w.rel(p))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return f.ReadDir(-1)
}

// exists reports whether p is there (a dangling link counts: reading it
// decides).
func (w *workspace) exists(p string) bool {
	_, err := w.root.Lstat(w.rel(p))
	return err == nil
}

func realPath(p string) string {
	p = filepath.Clean(p)
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

func inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
