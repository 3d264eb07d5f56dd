package targets

import (
	"path"
	"slices"
	"strings"
)

// Tree is the files of one commit: slash-separated paths from the
// repository root. It answers repoconfig.Files.
type Tree struct {
	// blobs are the regular files, by path: their blob ids.
	blobs map[string]string
	// links are the symbolic links, by path: their blob ids (the blob
	// holds the link's target).
	links map[string]string
	// dirs are the files directly in each directory.
	dirs       map[string][]string
	moduleDirs []string
}

// Entry is one file of a commit.
type Entry struct {
	Path    string
	Blob    string
	Symlink bool
}

// NewTree indexes a commit's files.
func NewTree(entries []Entry) *Tree {
	t := &Tree{blobs: map[string]string{}, links: map[string]string{}, dirs: map[string][]string{}}
	mods := map[string]bool{}
	for _, e := range entries {
		if e.Symlink {
			t.links[e.Path] = e.Blob
		} else {
			t.blobs[e.Path] = e.Blob
		}
		d := path.Dir(e.Path)
		t.dirs[d] = append(t.dirs[d], e.Path)
		if isTerraform(e.Path) {
			mods[d] = true
		}
	}
	for d := range mods {
		t.moduleDirs = append(t.moduleDirs, d)
	}
	slices.Sort(t.moduleDirs)
	return t
}

// isTerraform reports whether a file is Terraform configuration.
func isTerraform(p string) bool {
	return strings.HasSuffix(p, ".tf") || strings.HasSuffix(p, ".tf.json")
}

// ModuleDirs are the directories that hold Terraform files, sorted.
func (t *Tree) ModuleDirs() []string { return t.moduleDirs }

// Exists reports whether a file (or a link) is at p.
func (t *Tree) Exists(p string) bool {
	_, ok := t.blobs[p]
	_, link := t.links[p]
	return ok || link
}

// Blob is the blob id of the regular file at p, "" when there is none.
func (t *Tree) Blob(p string) string { return t.blobs[p] }

// Files are the files directly in dir.
func (t *Tree) Files(dir string) []string { return t.dirs[dir] }

// Links are the symbolic links, by path: their blob ids.
func (t *Tree) Links() map[string]string { return t.links }

// Len is the number of files.
func (t *Tree) Len() int { return len(t.blobs) + len(t.links) }
