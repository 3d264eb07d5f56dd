package terraform

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/go-version"
)

// Environments of one working directory share its .terraform, so they
// cannot be planned at once in one process: terraform-exec refuses
// TF_VAR_* in SetEnv, so a data directory of their own (TF_DATA_DIR) would
// lose the variables. Each is therefore run by a worker: this same binary,
// `olympus terraform-worker`, with its own TF_DATA_DIR in the environment
// it inherits. It reads one typed request on its standard input, streams
// terraform's live output on its standard output (prefixed [environment]
// into the step's log, through the step's redactor), and writes what may
// hold a secret and its result into the session's private directory: the
// session then masks and releases exactly as for a plan of its own. A
// worker never writes to GitHub's files or commands, and never prints an
// error of terraform's: the session reports it once the masks are set.

// WorkerCommand is the hidden olympus sub-command of a worker.
const WorkerCommand = "terraform-worker"

// Limit is how many workers run at once: terraform plans mostly wait on
// providers and cloud APIs, so twice the CPUs keep them busy without one
// environment starving the others.
func Limit() int { return max(2*runtime.NumCPU(), 2) }

// firstInit names the work of the first init of several environments:
// no environment has a name that starts with "_".
const firstInit = "_init"

// request is what a worker is asked.
type request struct {
	Dir      string `json:"dir"`
	ExecPath string `json:"exec_path"`
	// Version is ExecPath's, as the session found it, so that the worker
	// does not run terraform to ask again; "" when unknown.
	Version     string        `json:"version,omitempty"`
	LockTimeout time.Duration `json:"lock_timeout"`
	Work        work          `json:"work"`
	// Result is the file the worker writes its done into.
	Result string `json:"result"`
}

// worker runs a work in a worker process with the environment's own data
// directory, and returns what it left.
func (s *Session) worker(ctx context.Context, w work) *done {
	failed := func(err error) *done {
		err = fmt.Errorf("the %s worker failed: %w", w.Environment, err)
		return &done{err: err, Err: err.Error()}
	}
	private, err := s.privateDir()
	if err != nil {
		return failed(err)
	}
	w.Private = private
	result := filepath.Join(private, w.Environment+".result.json")
	req, err := json.Marshal(request{Dir: s.opts.Dir, ExecPath: s.tf.ExecPath(), Version: versionText(s.tf.Version), LockTimeout: s.opts.LockTimeout, Work: w, Result: result})
	if err != nil {
		return failed(err)
	}
	self, err := os.Executable()
	if err != nil {
		return failed(fmt.Errorf("failed to find olympus to start it: %w", err))
	}
	cmd := exec.CommandContext(ctx, self, WorkerCommand)
	cmd.Env = workerEnviron("TF_DATA_DIR=" + filepath.Join(private, w.Environment+".terraform"))
	cmd.Stdin = bytes.NewReader(req)
	label := w.Environment
	if label == firstInit {
		label = "init"
	}
	cmd.Stdout = &PrefixWriter{W: s.opts.Log, Prefix: "[" + label + "] "}
	cmd.Stderr = cmd.Stdout
	// Interrupted, not killed, so that terraform can release its state
	// lock; killed a minute later.
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = time.Minute
	os.Remove(result)
	runErr := cmd.Run()
	b, err := os.ReadFile(result)
	os.Remove(result)
	if err != nil {
		if runErr == nil {
			runErr = err
		}
		if ctx.Err() != nil {
			runErr = errors.Join(ctx.Err(), runErr)
		}
		return failed(runErr)
	}
	d := &done{}
	if err := json.Unmarshal(b, d); err != nil {
		return failed(fmt.Errorf("unreadable result: %w", err))
	}
	d.restore()
	if ctx.Err() != nil && d.err != nil {
		d.err = fmt.Errorf("%w: %w", ctx.Err(), d.err)
	}
	return d
}

// ServeWorker is the worker's side: it reads one request from in, runs it
// with terraform's live output on out, and writes the result file. An
// error means no result was written.
func ServeWorker(ctx context.Context, in io.Reader, out io.Writer) error {
	var req request
	if err := json.NewDecoder(in).Decode(&req); err != nil {
		return fmt.Errorf("failed to read the worker's request: %w", err)
	}
	if req.Result == "" || req.Work.Private == "" {
		return errors.New("failed to read the worker's request: no result file or private directory")
	}
	var d *done
	var v *version.Version // unknown: New asks terraform
	if req.Version != "" {
		var err error
		if v, err = version.NewVersion(req.Version); err != nil {
			return fmt.Errorf("failed to read the worker's request: version %q: %w", req.Version, err)
		}
	}
	tf, err := New(ctx, Options{ExecPath: req.ExecPath, Version: v, Dir: req.Dir, Stdout: out, Stderr: out, LockTimeout: req.LockTimeout})
	if err != nil {
		d = &done{Err: err.Error()}
	} else {
		d = execute(ctx, tf, req.Work, showToFile)
	}
	return writeJSON(req.Result, d)
}

// workerEnviron is this process's environment without GitHub's files and
// commands, and without TF_DATA_DIR, plus extra KEY=value entries.
func workerEnviron(extra ...string) []string {
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

// versionText is v as written, "" when unknown.
func versionText(v *version.Version) string {
	if v == nil {
		return ""
	}
	return v.Original()
}
