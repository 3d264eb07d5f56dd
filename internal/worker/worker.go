// Package worker runs parts of a step in child processes of the same
// binary: environments of one working directory share its .terraform, so
// each is planned by a worker with its own TF_DATA_DIR (terraform-exec
// cannot set it per command without dropping TF_VAR_* variables). Workers
// report through files and their log, never through GitHub's files.
package worker

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
)

// Environ is this process's environment without GitHub's files and
// commands, and without TF_DATA_DIR, plus extra KEY=value entries.
func Environ(extra ...string) []string {
	env := slices.DeleteFunc(os.Environ(), func(kv string) bool {
		for _, k := range []string{"GITHUB_ACTIONS=", "GITHUB_OUTPUT=", "GITHUB_STEP_SUMMARY=", "GITHUB_ENV=", "GITHUB_PATH=", "GITHUB_STATE=", "TF_DATA_DIR="} {
			if strings.HasPrefix(kv, k) {
				return true
			}
		}
		return false
	})
	return append(env, extra...)
}

// Command prepares a worker: this binary with args and env, its output
// prefixed into log, interrupted (not killed) when ctx ends so that
// terraform can release its state lock, and killed a minute later.
func Command(ctx context.Context, args, env []string, log io.Writer, prefix string) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, args...)
	cmd.Env = env
	cmd.Stdout = &PrefixWriter{W: log, Prefix: prefix}
	cmd.Stderr = cmd.Stdout
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = time.Minute
	return cmd, nil
}

// PrefixWriter starts every line with a prefix, so that the output of
// several workers stays apart in one log.
type PrefixWriter struct {
	mu      sync.Mutex
	W       io.Writer
	Prefix  string
	midLine bool
}

// SetPrefix changes the prefix of the lines that follow.
func (p *PrefixWriter) SetPrefix(s string) {
	p.mu.Lock()
	p.Prefix = s
	p.mu.Unlock()
}

func (p *PrefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var buf bytes.Buffer
	for _, line := range bytes.SplitAfter(b, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		if !p.midLine {
			buf.WriteString(p.Prefix)
		}
		buf.Write(line)
		p.midLine = line[len(line)-1] != '\n'
	}
	if _, err := p.W.Write(buf.Bytes()); err != nil {
		return 0, err
	}
	return len(b), nil
}
