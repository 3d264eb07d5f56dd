package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// MaxOutput is how much of a run: command's output a Result keeps: the
// end, where a failing command says why.
const MaxOutput = 64 << 10

// waitDelay is how long a command has to stop after the interrupt that
// its timeout or a cancellation sends, before it is killed.
const waitDelay = 10 * time.Second

// jobTokens are the runner's credentials, removed from a command's
// environment as from terraform's (internal/cli): the OIDC token request
// and the runtime (cache, artifacts) token. INPUT_* are the step's own
// inputs, the GitHub token and the plan key among them.
var jobTokens = []string{"ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_RUNTIME_TOKEN"}

// CommandEnv is environ without the job's tokens and the step's inputs:
// what a run: command gets. Cloud credentials stay (a smoke test may
// call the cloud, as terraform does).
func CommandEnv(environ []string) []string {
	out := make([]string, 0, len(environ))
	for _, kv := range environ {
		k, _, _ := strings.Cut(kv, "=")
		drop := strings.HasPrefix(k, "INPUT_")
		for _, t := range jobTokens {
			drop = drop || k == t
		}
		if !drop {
			out = append(out, kv)
		}
	}
	return out
}

// command makes one attempt of a run: check: sh -c in the workspace, in
// a process group of its own so that a timeout or a cancellation
// interrupts the command and whatever it started (SIGINT, as terraform
// is stopped) and kills them when they have not stopped waitDelay later.
// When the command exits, whatever it left running in its group is
// killed: a check must not leave processes behind, nor keep the step
// waiting for the output pipe they hold.
func (r *Runner) command(ctx context.Context, res *Result) error {
	cmd := exec.CommandContext(ctx, "sh", "-c", res.Check.Run)
	cmd.Dir = r.Dir
	cmd.Env = r.Env
	if cmd.Env == nil {
		cmd.Env = []string{}
	}
	// Twice what is kept is read, so that a secret cut at the start of
	// what was read falls in the half dropped after redaction.
	out := &tail{max: 2 * MaxOutput}
	// The command writes to a pipe of ours, not an io.Writer: Wait then
	// returns when the command exits, not when every process holding
	// the pipe has.
	pr, pw, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("failed to run the command: %w", err)
	}
	copied := make(chan struct{})
	go func() {
		_, _ = io.Copy(out, pr)
		close(copied)
	}()
	cmd.Stdout, cmd.Stderr = pw, pw
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGINT) }
	cmd.WaitDelay = waitDelay
	err = cmd.Start()
	pw.Close()
	if err == nil {
		err = cmd.Wait()
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
	// A process that left the group may still hold the pipe: its output
	// is not waited for long.
	select {
	case <-copied:
	case <-time.After(2 * time.Second):
	}
	pr.Close()
	<-copied
	res.Output = keepEnd(r.Redact(out.String()), MaxOutput, out.lost)
	res.ExitCode = -1
	if cmd.ProcessState != nil {
		res.ExitCode = cmd.ProcessState.ExitCode()
	}
	var exit *exec.ExitError
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	case errors.As(err, &exit) && res.ExitCode >= 0:
		return fmt.Errorf("the command exited with %d", res.ExitCode)
	default:
		return fmt.Errorf("failed to run the command: %w", err)
	}
}

// tail keeps the last max bytes written to it.
type tail struct {
	mu   sync.Mutex
	max  int
	buf  []byte
	lost bool
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
		t.lost = true
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}

// keepEnd is the last max bytes of s, from a line start when one is near,
// noting that the start was dropped.
func keepEnd(s string, max int, lost bool) string {
	if len(s) > max {
		s, lost = s[len(s)-max:], true
		if i := strings.IndexByte(s, '\n'); i >= 0 && i < 1024 {
			s = s[i+1:]
		}
	}
	s = strings.ToValidUTF8(s, "")
	if lost {
		s = fmt.Sprintf("[only the last %d KiB of the output are kept]\n", max>>10) + s
	}
	return s
}
