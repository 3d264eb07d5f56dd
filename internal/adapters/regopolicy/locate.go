package regopolicy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/repoconfig"
)

// DefaultDir is the policy directory when nothing names one: policy/ at
// the repository root, when it exists.
const DefaultDir = "policy"

// Off is the policy-path value that turns the policies off.
const Off = "none"

// Default finds the policy directory of the root module workingDir when
// the step's input names none: the policy-path olympus.yaml gives its
// project, else DefaultDir, each relative to the workspace (the
// repository root) and used only when it exists. It returns the directory,
// resolved (symlinks followed, never out of the workspace), and as shown
// (relative to the workspace); "" when there is none. A malformed
// olympus.yaml is a *repoconfig.Errors.
func Default(workspace, workingDir string) (dir, shown string, err error) {
	shown = DefaultDir
	if ws, err := filepath.EvalSymlinks(workspace); err == nil {
		workspace = ws
	}
	proj, err := repoconfig.Find(workspace, workingDir)
	if err != nil {
		return "", "", err
	}
	if proj.PolicyPath != "" {
		shown = proj.PolicyPath
	}
	shown = strings.TrimSuffix(filepath.ToSlash(filepath.Clean(shown)), "/")
	p := filepath.Join(workspace, filepath.FromSlash(shown))
	real, err := filepath.EvalSymlinks(p)
	if os.IsNotExist(err) {
		if proj.PolicyPath != "" {
			return "", "", fmt.Errorf("olympus.yaml names policy-path %q, which is not a directory of the repository", proj.PolicyPath)
		}
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("failed to resolve the policy directory %q: %w", shown, err)
	}
	ws, err := filepath.EvalSymlinks(workspace)
	if err != nil {
		return "", "", fmt.Errorf("failed to resolve the workspace %q: %w", workspace, err)
	}
	rel, err := filepath.Rel(ws, real)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", "", fmt.Errorf("the policy directory %q resolves to %q, outside the repository; symlinks are followed", shown, real)
	}
	if st, err := os.Stat(real); err != nil || !st.IsDir() {
		if proj.PolicyPath != "" {
			return "", "", fmt.Errorf("olympus.yaml names policy-path %q, which is not a directory", proj.PolicyPath)
		}
		return "", "", nil
	}
	return real, shown, nil
}
