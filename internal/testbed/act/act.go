// Package act runs this repository's workflow files with nektos/act
// v0.2.89, the way the workflow test (internal/tests/workflowtest) needs it: jobs
// on the host (-P ubuntu-latest=-self-hosted), the Docker actions from
// the image built from this repository (see ActionImages), third-party
// actions replaced by the stand-ins in standins/ (--local-repository,
// --action-offline-mode), act's artifact server on loopback, and
// GITHUB_API_URL pointing at the fake GitHub.
//
// Where act differs from GitHub's runner, this package corrects it for
// the test and says so:
//   - act starts a Docker action in a bind of the workspace at the
//     repository's path, while GITHUB_WORKSPACE, GITHUB_OUTPUT and the
//     other file commands name act's own directories, which it does not
//     mount: Root (act's cache included) is mounted at its own path, and
//     the image's workspace shim starts olympus in GITHUB_WORKSPACE;
//   - act implements no environment approval: the checkout stand-in can
//     hold one job where GitHub would (see standins/checkout);
//   - on the host, every job (and so every Docker action) inherits act's
//     own environment: Env is all of it.
package act

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Runner runs workflows of one repository, run after run, sharing Root.
type Runner struct {
	// Act is the act binary (scripts/install-tool.sh act).
	Act string
	// Repo is a git repository holding .github/workflows and actions/:
	// act reads the workflows there, and the checkout stand-in extracts
	// its commits.
	Repo string
	// Root holds everything the jobs and containers share (act's cache,
	// artifacts, the provider mirror, state, HOME), mounted into every
	// container at its own path.
	Root string
	// Env is the whole environment of act, and so of every job on the
	// host and every Docker action.
	Env map[string]string
	// Secrets and Vars are the secrets and vars contexts.
	Secrets, Vars map[string]string

	mu   sync.Mutex
	runs int
}

// Event is the webhook that triggers a run.
type Event struct {
	Name    string
	Payload map[string]any
}

// Run is one run of a workflow.
type Run struct {
	Event Event
	// Workflow is the workflow file, relative to Repo.
	Workflow string
	// Env adds to the Runner's Env for this run, Vars to its Vars.
	Env, Vars map[string]string
}

// Result is what act printed and how it ended.
type Result struct {
	ExitCode int
	// Raw is everything act printed, both streams.
	Raw     string
	Lines   []Line
	RunID   int
	Elapsed time.Duration
}

// Line is one line of act's --json log.
type Line struct {
	Job       string `json:"job"`
	JobID     string `json:"jobID"`
	Step      string `json:"step"`
	StepID    []any  `json:"stepID"`
	Msg       string `json:"msg"`
	RawOutput bool   `json:"raw_output"`
	JobResult string `json:"jobResult"`
	Level     string `json:"level"`
	// Command is a workflow command act obeyed: set-output (Name, Arg),
	// summary (Content), add-mask, error...
	Command string `json:"command"`
	Name    string `json:"name"`
	Arg     string `json:"arg"`
	Content string `json:"content"`
}

// Standins maps the repositories of third-party actions to the stand-ins
// in standins/ (a directory per repository, its actions as in the real
// one).
var Standins = map[string]string{
	"actions/checkout":           "checkout",
	"google-github-actions/auth": "auth",
	"actions/upload-artifact":    "upload-artifact",
	"actions/download-artifact":  "download-artifact",
	"github/codeql-action":       "codeql-action",
	"actions/setup-go":           "setup-go",
}

// StandinsDir is where the stand-ins are.
func StandinsDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "standins")
}

var usesPinned = regexp.MustCompile(`(?m)^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w.-]+)(?:/[\w./-]+)?@([0-9a-f]{40})`)

// localRepositories are act's --local-repository values for the actions
// the workflow pins: each one needs a stand-in.
func (r *Runner) localRepositories(workflow string) ([]string, error) {
	files := []string{filepath.Join(r.Repo, workflow)}
	seen := map[string]bool{}
	var out, missing []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, m := range usesPinned.FindAllStringSubmatch(string(b), -1) {
			key := m[1] + "@" + m[2]
			if seen[key] {
				continue
			}
			seen[key] = true
			dir, ok := Standins[m[1]]
			if !ok {
				missing = append(missing, m[1])
				continue
			}
			out = append(out, key+"="+filepath.Join(StandinsDir(), dir))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("no stand-in for %s: add one under %s", strings.Join(missing, ", "), StandinsDir())
	}
	sort.Strings(out)
	return out, nil
}

// Process is a run in progress.
type Process struct {
	cmd   *exec.Cmd
	out   *lockedBuffer
	done  chan struct{}
	start time.Time
	runID int
}

// Start starts act for run.
func (r *Runner) Start(ctx context.Context, run Run) (*Process, error) {
	r.mu.Lock()
	r.runs++
	runID := r.runs
	r.mu.Unlock()

	repos, err := r.localRepositories(run.Workflow)
	if err != nil {
		return nil, err
	}
	payload, err := json.Marshal(run.Event.Payload)
	if err != nil {
		return nil, err
	}
	eventFile := filepath.Join(r.Root, fmt.Sprintf("event-%d.json", runID))
	if err := os.WriteFile(eventFile, payload, 0o644); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	args := []string{run.Event.Name,
		"-C", r.Repo, "-W", filepath.Join(r.Repo, run.Workflow), "-e", eventFile,
		"-P", "ubuntu-latest=-self-hosted",
		"--json",
		"--rebuild=false", "--pull=false", "--action-offline-mode", "--no-skip-checkout",
		"--action-cache-path", filepath.Join(r.Root, "act-cache"),
		"--artifact-server-path", filepath.Join(r.Root, "artifacts"),
		"--artifact-server-addr", "127.0.0.1", "--artifact-server-port", strconv.Itoa(port),
		"--no-cache-server",
		"--container-daemon-socket", "-",
		"--container-options", "--network host -v " + r.Root + ":" + r.Root,
		"--env", "GITHUB_RUN_ID=" + strconv.Itoa(runID),
		"--env-file", os.DevNull, "--secret-file", os.DevNull, "--var-file", os.DevNull,
	}
	for _, l := range repos {
		args = append(args, "--local-repository", l)
	}
	for _, k := range sortedKeys(r.Env) {
		if strings.HasPrefix(k, "GITHUB_") {
			args = append(args, "--env", k+"="+r.Env[k])
		}
	}
	for _, k := range sortedKeys(r.Secrets) {
		args = append(args, "-s", k+"="+r.Secrets[k])
	}
	vars := map[string]string{}
	for _, m := range []map[string]string{r.Vars, run.Vars} {
		for k, v := range m {
			vars[k] = v
		}
	}
	for _, k := range sortedKeys(vars) {
		args = append(args, "--var", k+"="+vars[k])
	}
	cmd := exec.CommandContext(ctx, r.Act, args...)
	cmd.Dir = r.Root
	// The run's Env comes last: the last value of a name wins.
	for _, env := range []map[string]string{r.Env, run.Env} {
		for _, k := range sortedKeys(env) {
			if env[k] != "" {
				cmd.Env = append(cmd.Env, k+"="+env[k])
			}
		}
	}
	// act's own children (docker, git, bash) end with it.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	p := &Process{cmd: cmd, out: out, done: make(chan struct{}), start: time.Now(), runID: runID}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("failed to start act: %w", err)
	}
	go func() {
		cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// Wait waits for act to end and reads its log.
func (p *Process) Wait() *Result {
	<-p.done
	res := &Result{ExitCode: p.cmd.ProcessState.ExitCode(), Raw: p.out.String(), RunID: p.runID, Elapsed: time.Since(p.start)}
	sc := bufio.NewScanner(strings.NewReader(res.Raw))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var l Line
		if json.Unmarshal(sc.Bytes(), &l) == nil {
			res.Lines = append(res.Lines, l)
		}
	}
	return res
}

// Exited reports whether act has ended.
func (p *Process) Exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// RunID is the run's GITHUB_RUN_ID: its artifacts are under
// Root/artifacts/<RunID>.
func (p *Process) RunID() int { return p.runID }

// Output is what act printed so far.
func (p *Process) Output() string { return p.out.String() }

// Run runs act to the end.
func (r *Runner) Run(ctx context.Context, run Run) (*Result, error) {
	p, err := r.Start(ctx, run)
	if err != nil {
		return nil, err
	}
	return p.Wait(), nil
}

// JobResult is how a job (by id, every matrix leg) ended: success,
// failure, or "" when it never ran.
func (r *Result) JobResult(jobID string) string {
	result := ""
	for _, l := range r.Lines {
		if l.JobID == jobID && l.JobResult != "" {
			if result == "" || l.JobResult != "success" {
				result = l.JobResult
			}
		}
	}
	return result
}

// Ran reports whether a job started at all.
func (r *Result) Ran(jobID string) bool {
	for _, l := range r.Lines {
		if l.JobID == jobID {
			return true
		}
	}
	return false
}

// Log is the text act printed for a job: its messages and the steps'
// output, one line each.
func (r *Result) Log(jobID string) string {
	var b strings.Builder
	for _, l := range r.Lines {
		if l.JobID == jobID {
			b.WriteString(l.Msg)
			if !strings.HasSuffix(l.Msg, "\n") {
				b.WriteByte('\n')
			}
		}
	}
	return b.String()
}

// Outputs are the step outputs act reported for a job, the last value of
// each name.
func (r *Result) Outputs(jobID string) map[string]string {
	out := map[string]string{}
	for _, l := range r.Lines {
		if l.JobID == jobID && l.Command == "set-output" {
			out[l.Name] = l.Arg
		}
	}
	return out
}

// Summary is the job summary a job wrote (every matrix leg), as act
// reports it.
func (r *Result) Summary(jobID string) string {
	var b strings.Builder
	for _, l := range r.Lines {
		if l.JobID == jobID && l.Command == "summary" {
			b.WriteString(l.Content)
		}
	}
	return b.String()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var _ io.Writer = (*lockedBuffer)(nil)
