package verify

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func runCheck(cmd string) Check {
	return Check{Entry: 1, Run: cmd, Timeout: 30 * time.Second, Attempts: 1}
}

func TestCommandEnv(t *testing.T) {
	got := CommandEnv([]string{"PATH=/bin", "ACTIONS_ID_TOKEN_REQUEST_TOKEN=oidc", "ACTIONS_ID_TOKEN_REQUEST_URL=https://x",
		"ACTIONS_RUNTIME_TOKEN=rt", "INPUT_GITHUB-TOKEN=ghs", "INPUT_VERIFY=- url: x", "GOOGLE_OAUTH_ACCESS_TOKEN=ya29", "HOME=/h", "NOEQUALS"})
	if want := []string{"PATH=/bin", "GOOGLE_OAUTH_ACCESS_TOKEN=ya29", "HOME=/h", "NOEQUALS"}; !slices.Equal(got, want) {
		t.Errorf("CommandEnv = %v, want %v", got, want)
	}
}

// A command runs in the workspace with the environment given, its exit
// code decides, and its output comes back redacted.
func TestCommandChecks(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "smoke.sh"), []byte("echo \"smoke in $(pwd) token=${ACTIONS_ID_TOKEN_REQUEST_TOKEN:-none} key=$SECRET\"\nexit ${CODE:-0}\n"), 0o755)
	env := CommandEnv([]string{"PATH=" + os.Getenv("PATH"), "ACTIONS_ID_TOKEN_REQUEST_TOKEN=oidc-" + canary, "SECRET=" + canary})
	run := &Runner{Redact: redact, Dir: dir, Env: env, Backoff: func(int) time.Duration { return 0 }}
	res := run.Run(context.Background(), []Check{
		runCheck("./smoke.sh"),
		{Entry: 2, Run: "echo " + canary + "; CODE=3 ./smoke.sh", Timeout: 30 * time.Second, Attempts: 2},
		runCheck("./missing.sh"),
	})
	real, _ := filepath.EvalSymlinks(dir)
	if r := res[0]; !r.Passed || r.ExitCode != 0 || r.Attempts != 1 || r.Output != "smoke in "+real+" token=none key=***\n" {
		t.Errorf("passing command: %+v", r)
	}
	if r := res[1]; r.Passed || r.ExitCode != 3 || r.Attempts != 2 || r.Err != "the command exited with 3" ||
		r.Target != "echo ***; CODE=3 ./smoke.sh" {
		t.Errorf("failing command: %+v", r)
	}
	if r := res[2]; r.Passed || r.ExitCode != 127 || !strings.Contains(r.Output, "missing.sh") {
		t.Errorf("missing command: %+v", r)
	}
	noCanary(t, res...)
}

// A command that outlives its timeout is interrupted, group and all, as
// terraform is, and the check says so.
func TestCommandTimeoutInterrupts(t *testing.T) {
	c := runCheck(`trap 'echo interrupted; exit 7' INT; echo started; sleep 30 & wait`)
	c.Timeout = 200 * time.Millisecond
	run := &Runner{Redact: redact, Dir: t.TempDir(), Env: []string{"PATH=" + os.Getenv("PATH")}}
	r := run.Run(context.Background(), []Check{c})[0]
	if r.Passed || r.Err != "no answer within 200ms (the check's timeout)" || !strings.Contains(r.Output, "interrupted") {
		t.Errorf("%+v", r)
	}
}

// Only the end of a long output is kept; a secret cut where reading
// started is redacted all the same.
func TestCommandOutputKeepsTheEnd(t *testing.T) {
	// The secret straddles the point where the bytes read begin: what is
	// written is the secret, pad bytes and "\nlast line\n".
	pad := 2*MaxOutput + len(canary)/2 - len(canary) - len("\nlast line\n")
	c := runCheck(`printf '%s' "$SECRET"; head -c ` + strconv.Itoa(pad) + ` /dev/zero | tr '\0' 'a'; echo; echo last line`)
	run := &Runner{Redact: redact, Dir: t.TempDir(), Env: []string{"PATH=" + os.Getenv("PATH"), "SECRET=" + canary}}
	r := run.Run(context.Background(), []Check{c})[0]
	if !r.Passed || len(r.Output) > MaxOutput+100 || !strings.HasPrefix(r.Output, "[only the last 64 KiB of the output are kept]\n") ||
		!strings.HasSuffix(r.Output, "\nlast line\n") {
		t.Errorf("output of %d bytes: %q…%q", len(r.Output), r.Output[:60], r.Output[len(r.Output)-20:])
	}
	if strings.Contains(r.Output, canary[len(canary)/2:]) {
		t.Errorf("part of the secret is in the output")
	}
}

// A command that leaves a process behind passes when it exits, without
// waiting for that process, which is killed with the command's group.
func TestCommandLeavesNothingBehind(t *testing.T) {
	dir := t.TempDir()
	c := runCheck(`sleep 60 & echo $! > pid; echo started`)
	c.Timeout = 5 * time.Second
	run := &Runner{Redact: redact, Dir: dir, Env: []string{"PATH=" + os.Getenv("PATH")}}
	r := run.Run(context.Background(), []Check{c})[0]
	if !r.Passed || r.Output != "started\n" {
		t.Fatalf("%+v", r)
	}
	b, err := os.ReadFile(filepath.Join(dir, "pid"))
	if err != nil {
		t.Fatal(err)
	}
	stat := "/proc/" + strings.TrimSpace(string(b)) + "/stat"
	for i := 0; ; i++ {
		s, err := os.ReadFile(stat)
		// Gone, or a zombie waiting for init to reap it.
		if err != nil || strings.Contains(string(s), ") Z ") {
			return
		}
		if i == 100 {
			t.Fatalf("the process left behind still runs: %s", s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
