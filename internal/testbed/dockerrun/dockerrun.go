// Package dockerrun runs the action's image the way the GitHub runner runs
// a Docker action (actions/runner, ContainerActionHandler): docker run
// --rm with --workdir /github/workspace; the workspace, the runner's temp
// directory, /github/home, /github/workflow and /github/file_commands
// mounted from directories of the host owned by the runner's user; HOME,
// GITHUB_*, RUNNER_TEMP and INPUT_* set with container paths; GITHUB_OUTPUT
// and GITHUB_STEP_SUMMARY files under /github/file_commands; the step name
// as the argument, from action.yml's args. The fakes listen on 127.0.0.1,
// so the container shares the host's network (or has none).
package dockerrun

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

// RunnerUID and RunnerGID own the host directories when the tests run as
// root, as the runner's user (uid 1001 on GitHub's hosted runners) owns
// them on a runner; otherwise the test's own user does.
const RunnerUID, RunnerGID = 1001, 1001

// Runner is one job: its directories persist across the steps run in it,
// as the runner's do.
type Runner struct {
	Image string
	// Workspace is the host directory mounted at /github/workspace.
	Workspace string
	// Temp is the runner's temp directory (RUNNER_TEMP), mounted at
	// /github/runner_temp; Home, Workflow and FileCommands are under it,
	// as the runner makes them.
	Temp, Home, Workflow, FileCommands string
	UID, GID                           int
}

// NewRunner prepares a job's directories, owned by the runner's user.
func NewRunner(t testing.TB, image string) *Runner {
	t.Helper()
	root := t.TempDir()
	r := &Runner{Image: image, Workspace: filepath.Join(root, "work", "repo", "repo"), Temp: filepath.Join(root, "work", "_temp"),
		UID: os.Getuid(), GID: os.Getgid()}
	if r.UID == 0 {
		r.UID, r.GID = RunnerUID, RunnerGID
	}
	r.Home = filepath.Join(r.Temp, "_github_home")
	r.Workflow = filepath.Join(r.Temp, "_github_workflow")
	r.FileCommands = filepath.Join(r.Temp, "_runner_file_commands")
	for _, d := range []string{r.Workspace, r.Home, r.Workflow, r.FileCommands} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	r.Chown(t, root)
	// The test's TempDir cleanup runs as root here, or as the owner.
	return r
}

// Chown gives everything under p to the runner's user, as files the
// runner's user checked out or made would be.
func (r *Runner) Chown(t testing.TB, p string) {
	t.Helper()
	if os.Getuid() != 0 {
		return
	}
	err := filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(q, r.UID, r.GID)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Step is one step of the job.
type Step struct {
	// Name is the step's name, action.yml's args.
	Name   string
	Inputs map[string]string
	Event  harness.Event
	GitHub *fakegithub.Server
	SHA    string
	Ref    string
	// Env is the step's env: (paths in it are the container's).
	Env map[string]string
	// Network is host (default) or none.
	Network string
	// Mounts are extra host:container[:ro] volumes (the provider mirror).
	Mounts []string
}

// Result is what a step left behind.
type Result struct {
	harness.Result
	// Elapsed is the time docker run took.
	Elapsed time.Duration
	// Args is the docker command line, for failure messages.
	Args []string
}

// Run runs a step in a container and waits for it, at most timeout.
func (r *Runner) Run(t testing.TB, s Step, timeout time.Duration) *Result {
	t.Helper()
	if s.SHA == "" {
		s.SHA = harness.DefaultSHA
	}
	if s.Ref == "" {
		s.Ref = harness.DefaultRef
	}
	if s.Event.Name == "" {
		s.Event = harness.Push(s.Ref, s.SHA)
	}
	if s.Network == "" {
		s.Network = "host"
	}
	id := guid()
	payload, _ := json.Marshal(s.Event.Payload)
	r.write(t, filepath.Join(r.Workflow, "event.json"), payload)
	output, summary := "set_output_"+id, "step_summary_"+id
	for _, f := range []string{output, summary, "add_path_" + id, "set_env_" + id, "save_state_" + id} {
		r.write(t, filepath.Join(r.FileCommands, f), nil)
	}
	env := map[string]string{
		"HOME":                "/github/home",
		"CI":                  "true",
		"GITHUB_ACTIONS":      "true",
		"GITHUB_WORKSPACE":    "/github/workspace",
		"GITHUB_EVENT_PATH":   "/github/workflow/event.json",
		"GITHUB_EVENT_NAME":   s.Event.Name,
		"GITHUB_OUTPUT":       "/github/file_commands/" + output,
		"GITHUB_STEP_SUMMARY": "/github/file_commands/" + summary,
		"GITHUB_PATH":         "/github/file_commands/add_path_" + id,
		"GITHUB_ENV":          "/github/file_commands/set_env_" + id,
		"GITHUB_STATE":        "/github/file_commands/save_state_" + id,
		"GITHUB_REPOSITORY":   harness.Repository,
		"GITHUB_SHA":          s.SHA,
		"GITHUB_REF":          s.Ref,
		"GITHUB_RUN_ID":       "4242",
		"GITHUB_ACTOR":        "octocat",
		"GITHUB_SERVER_URL":   "https://github.com",
		"GITHUB_ACTION":       "__run",
		"RUNNER_OS":           "Linux",
		"RUNNER_ARCH":         "X64",
		"RUNNER_TEMP":         "/github/runner_temp",
		"RUNNER_TOOL_CACHE":   "/opt/hostedtoolcache",
	}
	if s.GitHub != nil {
		env["GITHUB_API_URL"] = s.GitHub.URL
	}
	for k, v := range s.Inputs {
		env["INPUT_"+strings.ToUpper(strings.ReplaceAll(k, " ", "_"))] = v
	}
	for k, v := range s.Env {
		env[k] = v
	}
	name := "olympus-test-" + id
	args := []string{"run", "--rm", "--name", name, "--label", "olympus-test", "--workdir", "/github/workspace", "--network", s.Network}
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		// -e NAME takes the value from docker's own environment, as the
		// runner passes them: values never appear on the command line.
		args = append(args, "-e", k)
	}
	for _, m := range []string{
		"/var/run/docker.sock:/var/run/docker.sock",
		r.Temp + ":/github/runner_temp",
		r.Home + ":/github/home",
		r.Workflow + ":/github/workflow",
		r.FileCommands + ":/github/file_commands",
		r.Workspace + ":/github/workspace",
	} {
		if strings.HasPrefix(m, "/var/run/docker.sock") {
			if _, err := os.Stat("/var/run/docker.sock"); err != nil {
				continue
			}
		}
		args = append(args, "-v", m)
	}
	for _, m := range s.Mounts {
		args = append(args, "-v", m)
	}
	args = append(args, r.Image, s.Name)

	cmd := exec.Command("docker", args...)
	cmd.Env = os.Environ()
	for _, k := range keys {
		cmd.Env = append(cmd.Env, k+"="+env[k])
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatalf("docker run: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(timeout):
		exec.Command("docker", "kill", name).Run()
		<-done
		t.Fatalf("olympus %s did not finish within %s in the container\nstderr:\n%s", s.Name, timeout, stderr.String())
	}
	res := &Result{Elapsed: time.Since(start), Args: args}
	res.ExitCode = cmd.ProcessState.ExitCode()
	res.Stdout, res.Stderr = stdout.String(), stderr.String()
	out, _ := os.ReadFile(filepath.Join(r.FileCommands, output))
	res.Outputs = harness.ParseOutputs(t, string(out))
	sum, _ := os.ReadFile(filepath.Join(r.FileCommands, summary))
	res.Summary = string(sum)
	if s.GitHub != nil {
		res.Requests = s.GitHub.Requests()
	}
	return res
}

func (r *Runner) write(t testing.TB, p string, b []byte) {
	t.Helper()
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		os.Chown(p, r.UID, r.GID)
	}
}

// HostPath is where a path inside the container is on the host, for the
// runner's mounts.
func (r *Runner) HostPath(p string) string {
	for _, m := range [][2]string{
		{"/github/workspace", r.Workspace}, {"/github/home", r.Home}, {"/github/workflow", r.Workflow},
		{"/github/file_commands", r.FileCommands}, {"/github/runner_temp", r.Temp},
	} {
		if p == m[0] || strings.HasPrefix(p, m[0]+"/") {
			return m[1] + strings.TrimPrefix(p, m[0])
		}
	}
	return ""
}

// NotOwned lists what under dir the runner's user does not own, and so
// could not delete or read on a self-hosted runner (a later
// actions/checkout cleans the workspace as that user).
func (r *Runner) NotOwned(t testing.TB, dir string) []string {
	t.Helper()
	var bad []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok && (int(st.Uid) != r.UID || int(st.Gid) != r.GID) {
			rel, _ := filepath.Rel(dir, p)
			bad = append(bad, fmt.Sprintf("%s (%d:%d)", rel, st.Uid, st.Gid))
		}
		return nil
	})
	return bad
}

func guid() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}
