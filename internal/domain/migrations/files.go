package migrations

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"

	"github.com/bmatcuk/doublestar/v4"
)

// Selection is the migration files to judge.
type Selection struct {
	// Files are relative to the root, slash-separated, sorted.
	Files []string
	// Matched is how many files the glob matched in all; Matches are
	// they, sorted: the history the judged files come after.
	Matched int
	Matches []string
	// Base is the ref changes are counted from ("" for none) and Since the
	// commit they are counted from (the merge base of Base and HEAD).
	Base, Since string
	// All is set when every matched file is judged; Why says why.
	All bool
	Why string
}

// Git says which files changed since a base.
type Git interface {
	// Changed returns the merge base of base and HEAD, and the files added
	// or changed since it in dir's work tree (committed or not, untracked
	// included), relative to dir and slash-separated.
	Changed(ctx context.Context, dir, base string) (since string, files []string, err error)
}

// NoHistoryError says the base cannot be compared with: not a git
// repository, or a clone without the base's history. Every file is judged.
type NoHistoryError struct{ Why string }

func (e *NoHistoryError) Error() string { return e.Why }

// UnknownBaseError says the history is there but the base names no commit.
type UnknownBaseError struct{ Base string }

func (e *UnknownBaseError) Error() string {
	return fmt.Sprintf("%q names no commit in this repository", e.Base)
}

// Select lists the files under root that match glob and, when base is
// given, were added or changed since it. With no base, or no history to
// compare with, every matching file is judged and Why says so. A base
// that names no commit although the history is there is an error
// (UnknownBaseError): a typo must not judge nothing.
func Select(ctx context.Context, root *os.Root, glob, base string, git Git) (Selection, error) {
	matches, err := doublestar.Glob(root.FS(), glob, doublestar.WithFilesOnly(), doublestar.WithFailOnIOErrors())
	if err != nil {
		return Selection{}, fmt.Errorf("failed to list %q: %w", glob, err)
	}
	slices.Sort(matches)
	sel := Selection{Files: slices.Clone(matches), Matched: len(matches), Matches: matches, Base: base}
	if len(matches) == 0 {
		return sel, nil // nothing to compare: git is not needed
	}
	if base == "" {
		sel.All, sel.Why = true, "no base to compare with"
		return sel, nil
	}
	since, changed, err := git.Changed(ctx, root.Name(), base)
	var nh *NoHistoryError
	switch {
	case errors.As(err, &nh):
		sel.All, sel.Why = true, nh.Why
		return sel, nil
	case err != nil:
		return Selection{}, err
	}
	sel.Since = since
	sel.Files = slices.DeleteFunc(sel.Files, func(f string) bool {
		return !slices.Contains(changed, f) && !slices.Contains(changed, linkTarget(root, f))
	})
	return sel, nil
}

// linkTarget is the file a path leads to through symbolic links, relative
// to the root and slash-separated (git reports the target when it
// changes), or "" when it leads nowhere inside the root.
func linkTarget(root *os.Root, name string) string {
	top, err := filepath.EvalSymlinks(root.Name())
	if err != nil {
		return ""
	}
	target, err := filepath.EvalSymlinks(filepath.Join(root.Name(), filepath.FromSlash(name)))
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(top, target)
	if err != nil || !filepath.IsLocal(rel) {
		return ""
	}
	return filepath.ToSlash(rel)
}

// ReadFile reads a selected file through root, which refuses a path or a
// symbolic link that leads outside it. It reads at most one byte more
// than MaxFileSize, enough for Check to say the file is too large.
func ReadFile(root *os.Root, name string) ([]byte, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}
