// Package harness runs the olympus binary the way GitHub runs a Docker
// action: built once, started as a subprocess with GITHUB_ACTIONS=true,
// INPUT_* variables, the runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY,
// GITHUB_EVENT_PATH) and GITHUB_API_URL pointing at a fake.
package harness

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runneremu"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
)

// Binary builds olympus and olympus-validate once per test process and
// returns the path of olympus.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "olympus-harness-")
		if buildErr != nil {
			return
		}
		binPath = filepath.Join(buildDir, "olympus")
		// olympus-validate goes beside olympus, where olympus runs it from.
		cmd := exec.Command("go", "build", "-trimpath", "-o", buildDir+"/",
			"github.com/olympus-cloud/deploy-actions/cmd/olympus", "github.com/olympus-cloud/deploy-actions/cmd/olympus-validate")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("%w\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatalf("failed to build olympus: %v", buildErr)
	}
	return binPath
}

// Cleanup removes the built binary; call it from TestMain.
func Cleanup() {
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
}

// Event is the webhook that triggered the run.
type Event struct {
	Name    string // pull_request, push, workflow_dispatch
	Payload map[string]any
}

// PullRequest is a pull_request event for PR number with labels.
func PullRequest(number int, labels ...string) Event {
	var ls []map[string]any
	for _, l := range labels {
		ls = append(ls, map[string]any{"name": l})
	}
	return Event{Name: "pull_request", Payload: map[string]any{
		"action": "synchronize",
		"number": number,
		"pull_request": map[string]any{
			"number": number,
			"labels": ls,
			"head":   map[string]any{"sha": DefaultSHA, "ref": "feature"},
			"base":   map[string]any{"ref": "main"},
		},
		"repository": map[string]any{"name": "olympus", "full_name": Repository, "owner": map[string]any{"login": "olympus-cloud"}},
	}}
}

// Push is a push event to ref at sha.
func Push(ref, sha string) Event {
	return Event{Name: "push", Payload: map[string]any{
		"ref": ref, "after": sha,
		"repository": map[string]any{"name": "olympus", "full_name": Repository, "owner": map[string]any{"login": "olympus-cloud"}},
	}}
}

// WorkflowDispatch is a manual run on ref with inputs.
func WorkflowDispatch(ref string, inputs map[string]any) Event {
	return Event{Name: "workflow_dispatch", Payload: map[string]any{
		"ref": ref, "inputs": inputs,
		"repository": map[string]any{"name": "olympus", "full_name": Repository, "owner": map[string]any{"login": "olympus-cloud"}},
	}}
}

// Defaults of the simulated run.
const (
	Repository = "olympus-cloud/olympus"
	DefaultSHA = "0123456789abcdef0123456789abcdef01234567"
	DefaultRef = "refs/heads/main"
	Token      = "ghs_faketoken0123456789"
)

// Run describes one run of a step.
type Run struct {
	Step   string
	Inputs map[string]string
	Event  Event
	// Dir is the workspace and working directory.
	Dir string
	// GitHub is the fake API; nil means none.
	GitHub *fakegithub.Server
	SHA    string
	Ref    string
	// Env adds or overrides variables (TF_CLI_CONFIG_FILE, LOCALCLOUD_*).
	Env map[string]string
	// Local runs as from a laptop: no GITHUB_* variables, inputs as flags.
	Local bool
	Args  []string
	// RunnerTemp is RUNNER_TEMP, where saved plans travel between steps;
	// empty means a new temporary directory.
	RunnerTemp string
}

// Result is what a run left behind.
type Result struct {
	ExitCode int
	Outputs  map[string]string
	Summary  string
	Stdout   string
	Stderr   string
	Requests []fakegithub.Request
	// OutputFile is GITHUB_OUTPUT as the step left it.
	OutputFile string
}

// Log is the job log the runner would show for the run's output: lines
// split and commands obeyed as actions/runner does, masks applied.
func (r *Result) Log() runneremu.Log {
	return runneremu.ProcessStreams([]byte(r.Stdout), []byte(r.Stderr))
}

// All returns every text the run produced, for secret canary checks.
func (r *Result) All() string {
	var b strings.Builder
	b.WriteString(r.Stdout + "\n" + r.Stderr + "\n" + r.Summary + "\n")
	for k, v := range r.Outputs {
		b.WriteString(k + "=" + v + "\n")
	}
	for _, req := range r.Requests {
		b.WriteString(req.Path + "?" + req.Query + " " + req.Body + "\n")
	}
	return b.String()
}

// Process is a started run.
type Process struct {
	cmd            *exec.Cmd
	run            Run
	stdout, stderr *syncBuffer
	files          string
	done           chan struct{}
	waitErr        error
}

// Start starts a run without waiting for it.
func Start(t testing.TB, r Run) *Process {
	t.Helper()
	bin := Binary(t)
	files := t.TempDir()
	if r.Dir == "" {
		r.Dir = t.TempDir()
	}
	if r.SHA == "" {
		r.SHA = DefaultSHA
	}
	if r.Ref == "" {
		r.Ref = DefaultRef
	}
	// A home of the test's own, shared by its runs as a job's steps share
	// /github/home: the step's caches (terraform releases, provider and
	// tflint plugins) go under it, never into the real one.
	env := []string{
		"PATH=" + enginePath(t),
		"HOME=" + homeOf(t),
		"TMPDIR=" + os.TempDir(),
		"CHECKPOINT_DISABLE=1",
	}
	args := []string{r.Step}
	r.Inputs = withEngine(r.Step, r.Inputs)
	if r.Local {
		for k, v := range r.Inputs {
			args = append(args, "--"+k+"="+v)
		}
	} else {
		if r.Event.Name == "" {
			r.Event = Push(r.Ref, r.SHA)
		}
		payload, _ := json.Marshal(r.Event.Payload)
		eventPath := filepath.Join(files, "event.json")
		mustWrite(t, eventPath, payload)
		mustWrite(t, filepath.Join(files, "output"), nil)
		mustWrite(t, filepath.Join(files, "summary"), nil)
		if r.RunnerTemp == "" {
			r.RunnerTemp = filepath.Join(files, "runner_temp")
			if err := os.Mkdir(r.RunnerTemp, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		env = append(env,
			"GITHUB_ACTIONS=true",
			"CI=true",
			"GITHUB_OUTPUT="+filepath.Join(files, "output"),
			"GITHUB_STEP_SUMMARY="+filepath.Join(files, "summary"),
			"GITHUB_EVENT_PATH="+eventPath,
			"GITHUB_EVENT_NAME="+r.Event.Name,
			"GITHUB_REPOSITORY="+Repository,
			"GITHUB_SHA="+r.SHA,
			"GITHUB_REF="+r.Ref,
			"GITHUB_WORKSPACE="+r.Dir,
			"GITHUB_RUN_ID=4242",
			"GITHUB_ACTOR=octocat",
			"GITHUB_SERVER_URL=https://github.com",
			"GITHUB_TOKEN="+Token,
			"RUNNER_TEMP="+r.RunnerTemp,
		)
		if r.GitHub != nil {
			env = append(env, "GITHUB_API_URL="+r.GitHub.URL)
		}
		for k, v := range r.Inputs {
			env = append(env, "INPUT_"+strings.ToUpper(k)+"="+v)
		}
	}
	for k, v := range r.Env {
		env = append(env, k+"="+v)
	}
	args = append(args, r.Args...)
	p := &Process{run: r, stdout: &syncBuffer{}, stderr: &syncBuffer{}, files: files, done: make(chan struct{})}
	p.cmd = exec.Command(bin, args...)
	p.cmd.Dir = r.Dir
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatalf("failed to start olympus: %v", err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.Kill()
			<-p.done
		}
	})
	return p
}

// Signal sends sig to the process.
func (p *Process) Signal(sig syscall.Signal) error { return p.cmd.Process.Signal(sig) }

// Kill ends the process and every process below it at once, as the
// runner kills a step's process tree 2.5 s after the second stop signal:
// nothing of the step runs after it. terraform runs in a process group of
// its own and its providers outlive it, so the tree is read from /proc
// (on Linux; elsewhere only the process is killed).
func (p *Process) Kill() {
	below := descendants(p.cmd.Process.Pid)
	p.cmd.Process.Kill()
	for _, pid := range below {
		syscall.Kill(pid, syscall.SIGKILL)
	}
}

// descendants lists the processes below root, parents first.
func descendants(root int) []int {
	entries, _ := os.ReadDir("/proc")
	children := map[int][]int{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// "pid (comm) state ppid ...", where comm may hold anything.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		if f := strings.Fields(string(stat[i+1:])); len(f) >= 2 {
			ppid, _ := strconv.Atoi(f[1])
			children[ppid] = append(children[ppid], pid)
		}
	}
	var out []int
	for queue := children[root]; len(queue) > 0; queue = queue[1:] {
		out = append(out, queue[0])
		queue = append(queue, children[queue[0]]...)
	}
	return out
}

// WaitForOutput waits until stdout or stderr contains s (inside Actions
// the log is on stdout), or the timeout passes.
func (p *Process) WaitForOutput(s string, timeout time.Duration) bool {
	has := func() bool { return strings.Contains(p.stderr.String(), s) || strings.Contains(p.stdout.String(), s) }
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if has() {
			return true
		}
		select {
		case <-p.done:
			return has()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return false
}

// WaitFor polls cond until it holds, failing the test when it still does
// not after timeout: for conditions outside the process's output, such as
// a call seen by a fake.
func WaitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting after %s for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Wait waits for the process to end, at most timeout.
func (p *Process) Wait(t testing.TB, timeout time.Duration) *Result {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		p.Kill()
		<-p.done
		t.Fatalf("olympus %s did not finish within %s\nstderr:\n%s", p.run.Step, timeout, p.stderr.String())
	}
	res := &Result{ExitCode: p.cmd.ProcessState.ExitCode(), Stdout: p.stdout.String(), Stderr: p.stderr.String()}
	if !p.run.Local {
		out, _ := os.ReadFile(filepath.Join(p.files, "output"))
		res.OutputFile = string(out)
		res.Outputs = ParseOutputs(t, string(out))
		sum, _ := os.ReadFile(filepath.Join(p.files, "summary"))
		res.Summary = string(sum)
	}
	if p.run.GitHub != nil {
		res.Requests = p.run.GitHub.Requests()
	}
	return res
}

// Exec runs a step to completion.
func Exec(t testing.TB, r Run) *Result {
	t.Helper()
	return Start(t, r).Wait(t, 5*time.Minute)
}

// ParseOutputs reads a GITHUB_OUTPUT file as the runner does; a file the
// runner would refuse fails the test.
func ParseOutputs(t testing.TB, s string) map[string]string {
	out, err := runneremu.ParseOutputFile([]byte(s))
	if err != nil {
		t.Errorf("the runner would refuse GITHUB_OUTPUT: %v\n%s", err, s)
	}
	return out
}

func mustWrite(t testing.TB, p string, b []byte) {
	t.Helper()
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// syncBuffer is a bytes.Buffer safe to read while the process writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Main runs a package's tests and then removes what the test bed built
// (the binaries, the provider mirror, the tflint plugin); call it from
// TestMain.
func Main(m *testing.M) {
	code := m.Run()
	tfenv.Cleanup()
	Cleanup()
	os.Exit(code)
}

// engineSteps are the steps that take the engine input.
var engineSteps = map[string]bool{"validate": true, "plan-comment": true, "deploy": true, "drift-reconcile": true}

// withEngine adds engine: tofu to the inputs of the steps that take it when
// the suites run against OpenTofu (tfenv.EnvEngine), unless the test
// chose an engine itself.
func withEngine(step string, in map[string]string) map[string]string {
	if tfenv.Engine() != "tofu" || !engineSteps[step] {
		return in
	}
	if _, ok := in["engine"]; ok {
		return in
	}
	out := map[string]string{"engine": "tofu"}
	for k, v := range in {
		out[k] = v
	}
	return out
}

// enginePath is PATH, with the directory of the suites' tofu first when
// they run against OpenTofu: the steps then find it as a runner's would.
func enginePath(t testing.TB) string {
	if tfenv.Engine() != "tofu" {
		return os.Getenv("PATH")
	}
	return filepath.Dir(tfenv.Tofu(t)) + string(os.PathListSeparator) + os.Getenv("PATH")
}

var homes sync.Map // testing.TB -> string

// homeOf is the test's home directory, made on first use.
func homeOf(t testing.TB) string {
	if h, ok := homes.Load(t); ok {
		return h.(string)
	}
	h, _ := homes.LoadOrStore(t, t.TempDir())
	t.Cleanup(func() { homes.Delete(t) })
	return h.(string)
}
