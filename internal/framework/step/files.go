package step

import (
	"fmt"
	"os"
	"path/filepath"
)

// WriteFile writes a file a step leaves for people or later steps (SARIF,
// incident records) through an os.Root opened on its directory, so that a
// symlink swapped in after the path was checked cannot send the write
// outside that directory.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	root, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return fmt.Errorf("failed to open %q: %w", filepath.Dir(path), err)
	}
	defer root.Close()
	name := filepath.Base(path)
	if st, err := root.Lstat(name); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("failed to write %q: it exists and is not a regular file", path)
	}
	f, err := root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return fmt.Errorf("failed to write %q: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("failed to write %q: %w", path, err)
	}
	return f.Close()
}
