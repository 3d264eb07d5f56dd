package repoconfig

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Load reads workspace/olympus.yaml; with no file it returns the default
// configuration. The file is read through an os.Root, so a symlink cannot
// make it come from outside the workspace.
func Load(workspace string) (*Config, error) {
	root, err := os.OpenRoot(workspace)
	if err != nil {
		return nil, fmt.Errorf("failed to open the workspace %q: %w", workspace, err)
	}
	defer root.Close()
	data, err := root.ReadFile(FileName)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Config{}, nil
	case err != nil:
		return nil, &Error{File: FileName, Msg: fmt.Sprintf("cannot be read: %v", err)}
	}
	return Parse(FileName, data)
}

// Find is the project of workingDir (absolute, or relative to workspace)
// in the workspace's olympus.yaml: the first entry that declares it, else
// the default project. A malformed file is an error of type Errors.
func Find(workspace, workingDir string) (Project, error) {
	cfg, err := Load(workspace)
	if err != nil {
		return Project{}, err
	}
	rel, err := relativeTo(workspace, workingDir)
	if err != nil {
		return Project{}, err
	}
	return cfg.ProjectFor(rel)
}

// relativeTo makes dir relative to the workspace, refusing one outside it.
func relativeTo(workspace, dir string) (string, error) {
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(workspace, dir)
	}
	ws, err := filepath.Abs(workspace)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(ws, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("the working directory %q is outside the workspace %q", dir, workspace)
	}
	return filepath.ToSlash(rel), nil
}
