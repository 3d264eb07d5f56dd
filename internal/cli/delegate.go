package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// delegate runs a step in its own binary (Spec.Binary), found beside this
// one or on PATH, with the same arguments, environment and streams, and
// returns its exit code. Stop signals are passed on: the first as an
// interrupt, the second as SIGTERM.
func delegate(ctx context.Context, s *step.Spec, args []string, stdout, stderr io.Writer) int {
	bin, err := findBinary(s.Binary)
	if err != nil {
		fmt.Fprintf(stderr, "olympus: the %s step runs in %s, which was not found beside olympus or on PATH (make build puts both in bin/): %v\n", s.Name, s.Binary, err)
		return step.ExitUsage
	}
	cmd := exec.Command(bin, append([]string{s.Name}, args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	cmd.Env = append(os.Environ(), delegatedEnv+"=1")
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "olympus: failed to start %s: %v\n", bin, err)
		return step.ExitExternal
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	ctxDone, escalated := ctx.Done(), step.Escalation(ctx)
	for {
		select {
		case <-ctxDone:
			cmd.Process.Signal(os.Interrupt)
			ctxDone = nil
		case <-escalated:
			cmd.Process.Signal(syscall.SIGTERM)
			escalated = nil
		case err := <-done:
			var exit *exec.ExitError
			switch {
			case err == nil:
				return step.ExitOK
			case errors.As(err, &exit) && exit.ExitCode() >= 0:
				return exit.ExitCode()
			default:
				fmt.Fprintf(stderr, "olympus: %s: %v\n", s.Binary, err)
				return step.ExitExternal
			}
		}
	}
}

func findBinary(name string) (string, error) {
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return exec.LookPath(name)
}
