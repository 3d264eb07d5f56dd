package migrations

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ExecGit answers Git with the git command.
type ExecGit struct {
	// Getenv gives PATH and HOME; nothing else of the process reaches git.
	Getenv func(string) string
}

// Changed implements Git.
func (g ExecGit) Changed(ctx context.Context, dir, base string) (string, []string, error) {
	if _, err := g.lookPath(); err != nil {
		return "", nil, &NoHistoryError{Why: "git is not installed"}
	}
	if _, err := g.run(ctx, dir, "rev-parse", "--is-inside-work-tree"); err != nil {
		return "", nil, &NoHistoryError{Why: "not a git work tree"}
	}
	commit, err := g.run(ctx, dir, "rev-parse", "--verify", "--quiet", "--end-of-options", base+"^{commit}")
	if err != nil {
		if out, _ := g.run(ctx, dir, "rev-parse", "--is-shallow-repository"); strings.TrimSpace(out) == "true" {
			return "", nil, &NoHistoryError{Why: fmt.Sprintf("base %q is not in this shallow clone (check out with fetch-depth: 0)", base)}
		}
		return "", nil, &UnknownBaseError{Base: base}
	}
	mb, err := g.run(ctx, dir, "merge-base", strings.TrimSpace(commit), "HEAD")
	if err != nil {
		return "", nil, &NoHistoryError{Why: fmt.Sprintf("base %q shares no history with HEAD in this clone (check out with fetch-depth: 0)", base)}
	}
	since := strings.TrimSpace(mb)
	// The work tree against the merge base: what this branch changed,
	// committed or not, and not what the base branch did since.
	diff, err := g.run(ctx, dir, "diff", "--name-only", "-z", "--no-renames", "--diff-filter=d", "--no-ext-diff", "--no-textconv", "--relative", since, "--")
	if err != nil {
		return "", nil, fmt.Errorf("failed to diff against %q: %w", base, err)
	}
	untracked, err := g.run(ctx, dir, "ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return "", nil, fmt.Errorf("failed to list untracked files: %w", err)
	}
	var files []string
	for _, f := range strings.Split(diff+untracked, "\x00") {
		if f != "" {
			files = append(files, filepath.ToSlash(f))
		}
	}
	return since, files, nil
}

// gitTimeout bounds one git command: they only read.
const gitTimeout = 2 * time.Minute

// run runs git in dir. The workspace of a Docker action belongs to another
// user than the container's, which git refuses unless told the directory
// is safe; hooks, diff drivers and fsmonitor never run.
func (g ExecGit) run(ctx context.Context, dir string, args ...string) (string, error) {
	bin, err := g.lookPath()
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{"-c", "safe.directory=*", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null"}, args...)...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + g.Getenv("PATH"), "HOME=" + g.Getenv("HOME"), "LC_ALL=C", "GIT_TERMINAL_PROMPT=0"}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// lookPath finds git on the PATH of the step's environment.
func (g ExecGit) lookPath() (string, error) {
	for _, d := range filepath.SplitList(g.Getenv("PATH")) {
		if d == "" {
			continue
		}
		p := filepath.Join(d, "git")
		if _, err := exec.LookPath(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("git not found on PATH")
}
