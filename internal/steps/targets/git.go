package targets

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Git is what the step reads of a repository's history. Paths are
// slash-separated from the repository root.
type Git interface {
	// Toplevel is the repository's root directory.
	Toplevel(ctx context.Context) (string, error)
	// Commit resolves rev to a commit id; an *UnknownRevError when it
	// names no commit of this clone.
	Commit(ctx context.Context, rev string) (string, error)
	// MergeBase is the best common ancestor of two commits.
	MergeBase(ctx context.Context, a, b string) (string, error)
	// Tree lists every file of a commit.
	Tree(ctx context.Context, commit string) ([]Entry, error)
	// Diff lists the files that changed from one commit to another, with
	// renames found.
	Diff(ctx context.Context, from, to string) ([]Change, error)
	// Read reads files' contents by blob id, in the order asked.
	Read(ctx context.Context, blobs []string) ([][]byte, error)
}

// Change is one file changed between two commits, as git diff
// --name-status -M says.
type Change struct {
	// Status is A (added), M (modified), D (deleted), R (renamed), C
	// (copied) or T (type changed).
	Status byte
	// Path is the file at the new commit (for D, the deleted file).
	Path string
	// From is the file at the old commit of a rename or copy.
	From string
	// Score is the similarity of a rename or copy, 0 to 100.
	Score int
}

// UnknownRevError is a revision that names no commit of the clone.
type UnknownRevError struct {
	Rev     string
	Shallow bool
}

func (e *UnknownRevError) Error() string {
	if e.Shallow {
		return fmt.Sprintf("%q is not in this clone, which is shallow: check out with fetch-depth: 0 (actions/checkout), so that the base is there", e.Rev)
	}
	return fmt.Sprintf("%q names no commit of this clone", e.Rev)
}

// ExecGit answers Git with the git command in Dir.
type ExecGit struct {
	Dir string
	// Getenv gives PATH and HOME; nothing else of the process reaches git.
	Getenv func(string) string
}

// gitTimeout bounds one git command: they only read.
const gitTimeout = 2 * time.Minute

// command prepares git in Dir. The workspace of a Docker action belongs
// to another user than the container's, which git refuses unless told the
// directory is safe; hooks, diff drivers and fsmonitor never run.
func (g ExecGit) command(ctx context.Context, args ...string) (*exec.Cmd, error) {
	bin, err := g.lookPath()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, append([]string{"-c", "safe.directory=*", "-c", "core.fsmonitor=false",
		"-c", "core.hooksPath=/dev/null", "-c", "core.quotePath=false"}, args...)...)
	cmd.Dir = g.Dir
	cmd.Env = []string{"PATH=" + g.Getenv("PATH"), "HOME=" + g.Getenv("HOME"), "LC_ALL=C", "GIT_TERMINAL_PROMPT=0"}
	return cmd, nil
}

// run runs git and returns its output; its failure is shown in git's own
// words.
func (g ExecGit) run(ctx context.Context, args ...string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd, err := g.command(ctx, args...)
	if err != nil {
		return nil, err
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

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
	return "", errors.New("git not found on PATH; the step reads the repository's history with it")
}

// Toplevel implements Git.
func (g ExecGit) Toplevel(ctx context.Context) (string, error) {
	out, err := g.run(ctx, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", fmt.Errorf("failed to find the repository (the workspace must be a git clone): %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Commit implements Git.
func (g ExecGit) Commit(ctx context.Context, rev string) (string, error) {
	out, err := g.run(ctx, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		shallow, _ := g.run(ctx, "rev-parse", "--is-shallow-repository")
		return "", &UnknownRevError{Rev: rev, Shallow: strings.TrimSpace(string(shallow)) == "true"}
	}
	return strings.TrimSpace(string(out)), nil
}

// MergeBase implements Git.
func (g ExecGit) MergeBase(ctx context.Context, a, b string) (string, error) {
	out, err := g.run(ctx, "merge-base", a, b)
	if err != nil {
		return "", fmt.Errorf("%s and %s share no history in this clone (check out with fetch-depth: 0): %w", a, b, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Tree implements Git: regular files and symbolic links; submodules are
// left out.
func (g ExecGit) Tree(ctx context.Context, commit string) ([]Entry, error) {
	out, err := g.run(ctx, "ls-tree", "-r", "-z", "--full-tree", commit)
	if err != nil {
		return nil, fmt.Errorf("failed to list the files of %s: %w", commit, err)
	}
	return parseTree(out)
}

// parseTree reads ls-tree -z: "<mode> <type> <blob>\t<path>\0".
func parseTree(out []byte) ([]Entry, error) {
	var entries []Entry
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, p, ok := bytes.Cut(rec, []byte{'\t'})
		f := strings.Fields(string(meta))
		if !ok || len(f) != 3 {
			return nil, fmt.Errorf("failed to read git ls-tree: %q", rec)
		}
		if f[1] != "blob" {
			continue
		}
		entries = append(entries, Entry{Path: string(p), Blob: f[2], Symlink: f[0] == "120000"})
	}
	return entries, nil
}

// Diff implements Git.
func (g ExecGit) Diff(ctx context.Context, from, to string) ([]Change, error) {
	out, err := g.run(ctx, "diff", "--name-status", "-z", "-M", "--no-relative", "--no-ext-diff", "--no-textconv", "--no-color", from, to, "--")
	if err != nil {
		return nil, fmt.Errorf("failed to diff %s..%s: %w", from, to, err)
	}
	return parseDiff(out)
}

// parseDiff reads diff --name-status -z: a status, then one path, or two
// for a rename or copy, each ended by NUL.
func parseDiff(out []byte) ([]Change, error) {
	fields := strings.Split(string(out), "\x00")
	var changes []Change
	for i := 0; i < len(fields); {
		st := fields[i]
		if st == "" {
			i++
			continue
		}
		c := Change{Status: st[0]}
		switch c.Status {
		case 'R', 'C':
			if i+2 >= len(fields) {
				return nil, fmt.Errorf("failed to read git diff: a rename without its paths")
			}
			c.Score, _ = strconv.Atoi(st[1:])
			c.From, c.Path = fields[i+1], fields[i+2]
			i += 3
		default:
			if i+1 >= len(fields) {
				return nil, fmt.Errorf("failed to read git diff: a change without its path")
			}
			c.Path = fields[i+1]
			i += 2
		}
		changes = append(changes, c)
	}
	return changes, nil
}

// Read implements Git with one git cat-file --batch for all the blobs:
// every id is written at once, while the answers are read, so that a
// thousand files cost one process and no round trip each.
func (g ExecGit) Read(ctx context.Context, blobs []string) ([][]byte, error) {
	if len(blobs) == 0 {
		return nil, nil
	}
	for _, b := range blobs {
		if b == "" || strings.ContainsAny(b, " \n") {
			return nil, fmt.Errorf("failed to read blob %q: not a blob id", b)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, gitTimeout)
	defer cancel()
	cmd, err := g.command(ctx, "cat-file", "--batch")
	if err != nil {
		return nil, err
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("failed to start git cat-file: %w", err)
	}
	go func() {
		w := bufio.NewWriter(in)
		for _, b := range blobs {
			w.WriteString(b + "\n")
		}
		w.Flush()
		in.Close()
	}()
	data, readErr := readBatch(bufio.NewReaderSize(out, 256<<10), blobs)
	if readErr != nil {
		cancel() // git may still be writing: stop it
	}
	waitErr := cmd.Wait()
	switch {
	case readErr != nil:
		return nil, fmt.Errorf("failed to read files from git: %w: %s", readErr, strings.TrimSpace(stderr.String()))
	case waitErr != nil:
		return nil, fmt.Errorf("git cat-file: %w: %s", waitErr, strings.TrimSpace(stderr.String()))
	}
	return data, nil
}

// readBatch reads cat-file --batch's answers: "<id> <type> <size>\n",
// the contents and a newline, or "<id> missing\n".
func readBatch(r *bufio.Reader, blobs []string) ([][]byte, error) {
	out := make([][]byte, len(blobs))
	for i, blob := range blobs {
		header, err := r.ReadString('\n')
		if err != nil {
			return nil, fmt.Errorf("blob %s: %w", blob, err)
		}
		f := strings.Fields(header)
		if len(f) != 3 {
			return nil, fmt.Errorf("blob %s: git answered %q", blob, strings.TrimSpace(header))
		}
		size, err := strconv.Atoi(f[2])
		if err != nil || size < 0 {
			return nil, fmt.Errorf("blob %s: git answered %q", blob, strings.TrimSpace(header))
		}
		data := make([]byte, size+1) // and the newline after it
		if _, err := io.ReadFull(r, data); err != nil {
			return nil, fmt.Errorf("blob %s: %w", blob, err)
		}
		out[i] = data[:size]
	}
	return out, nil
}
