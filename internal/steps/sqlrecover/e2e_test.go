package sqlrecover_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	sqladmin "google.golang.org/api/sqladmin/v1"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runneremu"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/sqlemu"
)

func TestMain(m *testing.M) { harness.Main(m) }

const (
	project  = "olympus-prod-9c3f"
	region   = "europe-west1"
	instance = "olympus-db"
)

var (
	windowStart = time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	windowEnd   = time.Date(2026, 11, 26, 9, 45, 30, 0, time.UTC)
	inside      = "2026-11-26T10:30:00+01:00" // 09:30 UTC
)

// cloud serves the production instance with a 7-day window.
func cloud(t *testing.T) *sqlemu.Server {
	t.Helper()
	emu := sqlemu.New()
	t.Cleanup(emu.Close)
	emu.AddInstance(sqlemu.PostgresInstance(project, region, instance, 7))
	emu.SetWindow(project, instance, windowStart, windowEnd)
	return emu
}

func recoverRun(emu *sqlemu.Server, gh *fakegithub.Server, inputs map[string]string) harness.Run {
	in := map[string]string{"project": project, "instance": instance, "point-in-time": inside,
		"reason": "orders deleted by a bad job (INC-2231)", "sql-endpoint": emu.URL}
	for k, v := range inputs {
		in[k] = v
	}
	return harness.Run{Step: "sql-recover", Inputs: in, GitHub: gh, Env: map[string]string{"OLYMPUS_TEST_TIMING": "5ms"}}
}

func clones(emu *sqlemu.Server) []sqladmin.InstancesCloneRequest {
	var out []sqladmin.InstancesCloneRequest
	for _, r := range emu.Requests() {
		if r.Op == "instances.clone" {
			var req sqladmin.InstancesCloneRequest
			json.Unmarshal([]byte(r.Body), &req)
			out = append(out, req)
		}
	}
	return out
}

func TestRecoverInsideTheWindow(t *testing.T) {
	emu := cloud(t)
	before, _ := emu.Instance(project, instance)
	gh := fakegithub.New(t, harness.Token)
	res := harness.Exec(t, recoverRun(emu, gh, nil))
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	target := "olympus-db-pitr-202611260930"
	cs := clones(emu)
	if len(cs) != 1 || cs[0].CloneContext.PointInTime != "2026-11-26T09:30:00Z" || cs[0].CloneContext.DestinationInstanceName != target {
		t.Fatalf("clone requests %+v, want one at 2026-11-26T09:30:00Z into %s", cs, target)
	}
	if emu.Count("operations.get") == 0 {
		t.Error("the operation was never polled")
	}
	inst, ok := emu.Instance(project, target)
	if !ok || inst.State != "RUNNABLE" {
		t.Fatalf("target %+v", inst)
	}
	want := map[string]string{
		"target-instance": target,
		"connection-name": project + ":" + region + ":" + target,
		"window-start":    "2026-11-19T09:00:00Z",
		"window-end":      "2026-11-26T09:45:30Z",
	}
	for k, v := range want {
		if res.Outputs[k] != v {
			t.Errorf("output %s = %q, want %q", k, res.Outputs[k], v)
		}
	}
	if res.Outputs["operation"] == "" {
		t.Error("no operation output")
	}
	// The source is never modified.
	after, _ := emu.Instance(project, instance)
	if !reflect.DeepEqual(before, after) {
		t.Errorf("the source changed:\nbefore %+v\nafter  %+v", before, after)
	}
	for _, r := range emu.Requests() {
		if r.Method != "GET" && r.Op != "instances.clone" {
			t.Errorf("a write other than the clone: %+v", r)
		}
	}
	for _, want := range []string{"## Cloud SQL point-in-time recovery: `olympus-db` → `" + target + "`", "| Outcome | recovered",
		"2026-11-19T09:00:00Z to 2026-11-26T09:45:30Z", "| Point in time | 2026-11-26T09:30:00Z |", "INC-2231", "octocat",
		res.Outputs["operation"], "### Next steps", "downtime", "not modified"} {
		if !strings.Contains(res.Summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, res.Summary)
		}
	}
	issues := gh.Issues()
	if len(issues) != 1 || issues[0].Labels[0].Name != "incident" || !strings.Contains(issues[0].Body, "INC-2231") {
		t.Errorf("incident issue %+v", issues)
	}
}

func TestRecoverOutsideTheWindowSendsNoClone(t *testing.T) {
	for name, at := range map[string]string{"before": "2026-11-19T08:59:59Z", "after": "2026-11-26T09:46:00Z"} {
		t.Run(name, func(t *testing.T) {
			emu := cloud(t)
			res := harness.Exec(t, recoverRun(emu, fakegithub.New(t, harness.Token), map[string]string{"point-in-time": at}))
			if res.ExitCode != 1 || !strings.Contains(res.Stdout, "outside the recovery window, 2026-11-19T09:00:00Z to 2026-11-26T09:45:30Z") {
				t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
			}
			for _, r := range emu.Requests() {
				if r.Method != "GET" {
					t.Errorf("a %s was sent: %+v", r.Method, r)
				}
			}
			if !strings.Contains(res.Summary, "refused") || res.Outputs["window-end"] != "2026-11-26T09:45:30Z" {
				t.Errorf("summary or outputs: %v\n%s", res.Outputs, res.Summary)
			}
		})
	}
}

func TestRecoverBadInputSendsNothing(t *testing.T) {
	for name, tc := range map[string]struct {
		inputs map[string]string
		want   string
	}{
		"malformed time":    {map[string]string{"point-in-time": "26/11/2026 09:30"}, `input point-in-time: invalid value "26/11/2026 09:30": not an RFC 3339 time`},
		"time without zone": {map[string]string{"point-in-time": "2026-11-26T09:30:00"}, `input point-in-time: invalid value "2026-11-26T09:30:00"`},
		"missing time":      {map[string]string{"point-in-time": ""}, "input point-in-time"},
		"bad project":       {map[string]string{"project": "Olympus_Prod"}, `input project: invalid value "Olympus_Prod"`},
		"bad instance":      {map[string]string{"instance": "olympus_db"}, `input instance: invalid value "olympus_db"`},
		"two instances":     {map[string]string{"instance": "a-db,b-db"}, `input instance: invalid value "a-db,b-db"`},
		"bad target":        {map[string]string{"target-instance": "New DB"}, `input target-instance: invalid value "New DB"`},
		"default too long":  {map[string]string{"instance": "olympus-" + strings.Repeat("d", 70)}, "input target-instance"},
		"bad mode":          {map[string]string{"mode": "restore"}, `input mode: invalid value "restore"`},
		"bad timeout":       {map[string]string{"timeout": "soon"}, `input timeout: invalid value "soon"`},
		"bad endpoint":      {map[string]string{"sql-endpoint": "ftp://x"}, `input sql-endpoint: invalid value "ftp://x"`},
	} {
		t.Run(name, func(t *testing.T) {
			emu := cloud(t)
			res := harness.Exec(t, recoverRun(emu, fakegithub.New(t, harness.Token), tc.inputs))
			if res.ExitCode != 2 || !strings.Contains(res.Stdout+res.Stderr, tc.want) {
				t.Fatalf("exit %d, want 2 with %q\n%s\n%s", res.ExitCode, tc.want, res.Stdout, res.Stderr)
			}
			if n := len(emu.Requests()); n != 0 {
				t.Errorf("bad input reached the API: %d request(s): %+v", n, emu.Requests())
			}
			if len(res.Outputs) != 0 || res.Summary != "" {
				t.Errorf("outputs %v summary %q", res.Outputs, res.Summary)
			}
		})
	}
}

func TestRecoverOperationErrorExits3(t *testing.T) {
	emu := cloud(t)
	emu.FailNextOperation("Could not complete the clone: not enough disk quota in europe-west1.")
	gh := fakegithub.New(t, harness.Token)
	res := harness.Exec(t, recoverRun(emu, gh, nil))
	if res.ExitCode != 3 || !strings.Contains(res.Stdout+res.Stderr, "not enough disk quota in europe-west1") {
		t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if !strings.Contains(res.Summary, "| Outcome | failed: the clone operation") || res.Outputs["operation"] == "" {
		t.Errorf("summary:\n%s\noutputs %v", res.Summary, res.Outputs)
	}
	// The record says how to clean up and try again, never to promote.
	issues := gh.Issues()
	if len(issues) != 1 {
		t.Fatalf("incident records %d", len(issues))
	}
	for _, text := range []string{res.Summary, issues[0].Body} {
		if strings.Contains(strings.ToLower(text), "promot") || !strings.Contains(text, "gcloud sql instances delete olympus-db-pitr-202611260930") {
			t.Errorf("the record of a failed clone:\n%s", text)
		}
	}
}

func TestRecoverDryRunSendsNoClone(t *testing.T) {
	emu := cloud(t)
	gh := fakegithub.New(t, harness.Token)
	res := harness.Exec(t, recoverRun(emu, gh, map[string]string{"dry-run": "true"}))
	if res.ExitCode != 0 || len(clones(emu)) != 0 || !strings.Contains(res.Summary, "dry run: nothing was changed") {
		t.Fatalf("exit %d clones %d\n%s\n%s", res.ExitCode, len(clones(emu)), res.Summary, res.Stderr)
	}
	if res.Outputs["target-instance"] != "olympus-db-pitr-202611260930" || res.Outputs["window-start"] == "" || len(gh.Issues()) != 0 {
		t.Errorf("outputs %v issues %d", res.Outputs, len(gh.Issues()))
	}
}

func TestRecoverRetriesReads(t *testing.T) {
	emu := cloud(t)
	emu.Inject(sqlemu.Fault{Op: "instances.get", Status: 503, Times: 2})
	emu.Inject(sqlemu.Fault{Op: "instances.getLatestRecoveryTime", Status: 429, RetryAfter: 1, Times: 1})
	emu.Inject(sqlemu.Fault{Op: "operations.get", Status: 502, Times: 1})
	start := time.Now()
	res := harness.Exec(t, recoverRun(emu, fakegithub.New(t, harness.Token), nil))
	if res.ExitCode != 0 || len(clones(emu)) != 1 {
		t.Fatalf("exit %d clones %d\n%s", res.ExitCode, len(clones(emu)), res.Stderr)
	}
	if n := emu.Count("instances.get"); n < 4 {
		t.Errorf("%d instances.get, want the 2 failed ones retried", n)
	}
	if emu.Count("instances.getLatestRecoveryTime") != 2 || time.Since(start) < time.Second {
		t.Errorf("the 429 was not retried after its Retry-After")
	}
	if !strings.Contains(res.Stdout+res.Stderr, "retrying a call to the Cloud SQL Admin API") {
		t.Errorf("retries are not logged:\n%s", res.Stderr)
	}
}

func TestRecoverTargetExists(t *testing.T) {
	t.Run("seen before the clone", func(t *testing.T) {
		emu := cloud(t)
		emu.AddInstance(sqlemu.PostgresInstance(project, region, "olympus-db-pitr-202611260930", 7))
		res := harness.Exec(t, recoverRun(emu, fakegithub.New(t, harness.Token), nil))
		if res.ExitCode != 1 || !strings.Contains(res.Stdout, `the target instance "olympus-db-pitr-202611260930" exists already`) || len(clones(emu)) != 0 {
			t.Fatalf("exit %d clones %d\n%s", res.ExitCode, len(clones(emu)), res.Stdout)
		}
	})
	t.Run("409 from the clone", func(t *testing.T) {
		emu := cloud(t)
		emu.AddInstance(sqlemu.PostgresInstance(project, region, "olympus-db-pitr-202611260930", 7))
		// The read says it is not there (created a moment later): the
		// clone's 409 is what tells.
		emu.Inject(sqlemu.Fault{Op: "instances.get", Path: "/olympus-db-pitr-202611260930", Status: 404, Times: 1})
		gh := fakegithub.New(t, harness.Token)
		res := harness.Exec(t, recoverRun(emu, gh, nil))
		if res.ExitCode != 1 || !strings.Contains(res.Stdout, "exists already") || len(clones(emu)) != 1 {
			t.Fatalf("exit %d clones %d\n%s\n%s", res.ExitCode, len(clones(emu)), res.Stdout, res.Stderr)
		}
		if len(gh.Issues()) != 0 {
			t.Error("an incident was recorded for a clone the API refused")
		}
	})
}

func TestRecoverNeverRepeatsTheCloneBlindly(t *testing.T) {
	t.Run("answer lost, clone started", func(t *testing.T) {
		emu := cloud(t)
		emu.Inject(sqlemu.Fault{Op: "instances.clone", Status: 503, Times: 1, Applied: true})
		res := harness.Exec(t, recoverRun(emu, fakegithub.New(t, harness.Token), nil))
		if res.ExitCode != 0 || len(clones(emu)) != 1 || emu.Count("operations.list") == 0 || res.Outputs["connection-name"] == "" {
			t.Fatalf("exit %d clones %d lists %d\n%s", res.ExitCode, len(clones(emu)), emu.Count("operations.list"), res.Stderr)
		}
	})
	t.Run("refused, nothing started", func(t *testing.T) {
		emu := cloud(t)
		emu.Inject(sqlemu.Fault{Op: "instances.clone", Status: 503, Times: 1})
		res := harness.Exec(t, recoverRun(emu, fakegithub.New(t, harness.Token), nil))
		if res.ExitCode != 0 || len(clones(emu)) != 2 {
			t.Fatalf("exit %d clones %d\n%s", res.ExitCode, len(clones(emu)), res.Stderr)
		}
		// Between the two requests, the target and its operation were
		// looked for.
		var seq []string
		for _, r := range emu.Requests() {
			seq = append(seq, r.Op)
		}
		s := strings.Join(seq, " ")
		if !strings.Contains(s, "instances.clone instances.get operations.list operations.list instances.clone") {
			t.Errorf("requests: %s", s)
		}
	})
}

func TestRecoverSendsARateLimitedCloneAgainAfterRetryAfter(t *testing.T) {
	emu := cloud(t)
	// A 429 means the request was not looked at: nothing started.
	emu.Inject(sqlemu.Fault{Op: "instances.clone", Status: 429, RetryAfter: 1, Times: 1})
	start := time.Now()
	res := harness.Exec(t, recoverRun(emu, fakegithub.New(t, harness.Token), nil))
	if res.ExitCode != 0 || len(clones(emu)) != 2 || time.Since(start) < time.Second {
		t.Fatalf("exit %d clones %d after %s\n%s", res.ExitCode, len(clones(emu)), time.Since(start), res.Stdout)
	}
}

func TestRecoverWaitsForASlowOperation(t *testing.T) {
	emu := cloud(t)
	emu.SlowOperations(400 * time.Millisecond)
	res := harness.Exec(t, recoverRun(emu, fakegithub.New(t, harness.Token), nil))
	if res.ExitCode != 0 || emu.Count("operations.get") < 3 || !strings.Contains(res.Stdout+res.Stderr, "status=RUNNING") {
		t.Fatalf("exit %d polls %d\n%s", res.ExitCode, emu.Count("operations.get"), res.Stderr)
	}
}

func TestRecoverTimeoutAfterTheCloneNamesTheOperation(t *testing.T) {
	emu := cloud(t)
	emu.SlowOperations(time.Hour)
	gh := fakegithub.New(t, harness.Token)
	res := harness.Exec(t, recoverRun(emu, gh, map[string]string{"timeout": "1s"}))
	op := res.Outputs["operation"]
	if res.ExitCode != 3 || op == "" || !strings.Contains(res.Stdout, "the step timed out after the clone was sent: operation "+op) ||
		!strings.Contains(res.Stdout, "gcloud sql operations wait "+op) {
		t.Fatalf("exit %d outputs %v\n%s\n%s", res.ExitCode, res.Outputs, res.Stdout, res.Stderr)
	}
	if !strings.Contains(res.Summary, "still running when the step stopped") || len(gh.Issues()) != 1 {
		t.Errorf("record: issues %d\n%s", len(gh.Issues()), res.Summary)
	}
}

func TestRecoverCancelAfterTheCloneNamesTheOperation(t *testing.T) {
	emu := cloud(t)
	emu.SlowOperations(time.Hour)
	dir := t.TempDir()
	r := recoverRun(emu, nil, nil)
	r.Local, r.Dir = true, dir
	p := harness.Start(t, r)
	if !p.WaitForOutput("clone sent", 30*time.Second) {
		t.Fatal("the clone was not sent")
	}
	p.Signal(syscall.SIGINT)
	res := p.Wait(t, 30*time.Second)
	if res.ExitCode != 3 || !strings.Contains(res.Stderr, "the step was cancelled after the clone was sent: operation ") {
		t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "incident-olympus-db-*.md"))
	if len(files) != 1 {
		t.Fatalf("incident files %v", files)
	}
	b, _ := os.ReadFile(files[0])
	if !strings.Contains(string(b), "still running when the step stopped") {
		t.Errorf("incident record:\n%s", b)
	}
}

func TestRecoverFromALaptopNeedsAReason(t *testing.T) {
	emu := cloud(t)
	r := recoverRun(emu, nil, nil)
	r.Local, r.Dir = true, t.TempDir()
	delete(r.Inputs, "reason")
	res := harness.Exec(t, r)
	if res.ExitCode != 2 || !strings.Contains(res.Stderr, "error: --reason is missing: say why") || len(emu.Requests()) != 0 {
		t.Fatalf("exit %d requests %d\n%s", res.ExitCode, len(emu.Requests()), res.Stderr)
	}
	r.Inputs["reason"] = "pager: orders gone"
	res = harness.Exec(t, r)
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "| Outcome | recovered") || !strings.Contains(res.Stdout, "(local)") {
		t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	files, _ := filepath.Glob(filepath.Join(r.Dir, "incident-olympus-db-*.md"))
	if len(files) != 1 {
		t.Errorf("incident files %v", files)
	}
}

func TestRecoverRefusesWhatCannotBeRecovered(t *testing.T) {
	for name, tc := range map[string]struct {
		inst   func(*sqladmin.DatabaseInstance)
		inputs map[string]string
		want   string
	}{
		"missing instance": {nil, map[string]string{"instance": "olympus-db2"}, `instance "olympus-db2" does not exist in project "olympus-prod-9c3f"`},
		"not running":      {func(i *sqladmin.DatabaseInstance) { i.State = "SUSPENDED" }, nil, `is SUSPENDED, not RUNNABLE`},
		"pitr off":         {func(i *sqladmin.DatabaseInstance) { i.Settings.BackupConfiguration.PointInTimeRecoveryEnabled = false }, nil, "point-in-time recovery off"},
		"target is source": {nil, map[string]string{"target-instance": instance}, "is the source"},
	} {
		t.Run(name, func(t *testing.T) {
			emu := cloud(t)
			if tc.inst != nil {
				inst := sqlemu.PostgresInstance(project, region, instance, 7)
				tc.inst(inst)
				emu.AddInstance(inst)
			}
			res := harness.Exec(t, recoverRun(emu, fakegithub.New(t, harness.Token), tc.inputs))
			if res.ExitCode != 1 || !strings.Contains(res.Stdout, tc.want) || len(clones(emu)) != 0 {
				t.Fatalf("exit %d clones %d, want 1 with %q\n%s\n%s", res.ExitCode, len(clones(emu)), tc.want, res.Stdout, res.Stderr)
			}
		})
	}
}

func TestCheckMode(t *testing.T) {
	emu := cloud(t)
	off := sqlemu.PostgresInstance(project, region, "olympus-analytics", 7)
	off.Settings.BackupConfiguration.PointInTimeRecoveryEnabled = false
	emu.AddInstance(off)
	short := sqlemu.PostgresInstance(project, region, "olympus-sessions", 3)
	emu.AddInstance(short)
	replica := sqlemu.PostgresInstance(project, region, "olympus-db-replica", 0)
	replica.InstanceType = "READ_REPLICA_INSTANCE"
	replica.Settings.BackupConfiguration.Enabled = false
	emu.AddInstance(replica)

	check := func(inputs map[string]string) *harness.Result {
		in := map[string]string{"mode": "check", "instance": "", "point-in-time": "", "reason": ""}
		for k, v := range inputs {
			in[k] = v
		}
		return harness.Exec(t, recoverRun(emu, fakegithub.New(t, harness.Token), in))
	}
	res := check(nil)
	if res.ExitCode != 1 || !strings.Contains(res.Stdout, "olympus-analytics: point-in-time recovery is off") ||
		!strings.Contains(res.Stdout, "olympus-sessions: transaction logs are kept 3 day(s), fewer than 7") || strings.Contains(res.Stdout, "olympus-db:") {
		t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if strings.Contains(res.Summary, "olympus-db-replica") || !strings.Contains(res.Summary, "| `olympus-db` | RUNNABLE | on | on | 7 day(s) | 2026-11-19T09:00:00Z to 2026-11-26T09:45:30Z | ok |") {
		t.Errorf("summary:\n%s", res.Summary)
	}

	one := check(map[string]string{"instance": "olympus-analytics"})
	if one.ExitCode != 1 || !strings.Contains(one.Stdout, "olympus-analytics: point-in-time recovery is off") {
		t.Errorf("exit %d\n%s", one.ExitCode, one.Stdout)
	}
	good := check(map[string]string{"instance": "olympus-db"})
	if good.ExitCode != 0 || good.Outputs["window-start"] != "2026-11-19T09:00:00Z" || len(clones(emu)) != 0 {
		t.Errorf("exit %d outputs %v\n%s", good.ExitCode, good.Outputs, good.Stderr)
	}
}

// Text from the cloud API and the operator is untrusted: it never issues a
// workflow command, and the token never shows, in any channel.
func TestRecoverHostileTextCommandsNothingAndLeaksNothing(t *testing.T) {
	emu := cloud(t)
	emu.FailNextOperation("quota\r::stop-commands::pwn\n::error title=forged::forged by the API " + harness.Token)
	gh := fakegithub.New(t, harness.Token)
	res := harness.Exec(t, recoverRun(emu, gh, map[string]string{"reason": "INC-9 " + harness.Token + "\n::warning::forged by the reason"}))
	if res.ExitCode != 3 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stdout)
	}
	log := runneremu.ProcessStreams([]byte(res.Stdout), []byte(res.Stderr))
	// Our own commands may carry the text as data; no command may come
	// from it.
	for _, c := range log.Commands {
		if c.Data == "pwn" || strings.HasPrefix(c.Data, "forged") || strings.Contains(c.Properties["title"], "forged") {
			t.Errorf("untrusted text issued a command: %+v", c)
		}
	}
	if log.StopToken != "" || log.Contains(harness.Token) {
		t.Errorf("stop token %q, or the token is in the job log:\n%s", log.StopToken, strings.Join(log.Lines, "\n"))
	}
	// Registering the mask is the one place the token may be written.
	all := strings.ReplaceAll(res.All(), "::add-mask::"+harness.Token, "")
	for _, is := range gh.Issues() {
		all += is.Title + is.Body
	}
	if i := strings.Index(all, harness.Token); i >= 0 {
		t.Errorf("the token leaked: …%s…", all[max(0, i-300):i+len(harness.Token)])
	}
	if !strings.Contains(res.Summary, "INC-9 ***") {
		t.Errorf("the reason is missing:\n%s", res.Summary)
	}
}
