package imagetest

import (
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/dockerrun"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/sqlemu"
)

// sql-recover in the image as the runner starts it, against the SQL Admin
// emulator on the host's loopback: a recovery into a new instance, its
// record as an incident issue; a reason and an API error message that try
// to command the runner; bad input refused with no network at all.
func TestSQLRecoverInTheImage(t *testing.T) {
	requireImage(t)
	const project, instance = "olympus-prod-9c3f", "olympus-db-prod"
	emu := sqlemu.New()
	t.Cleanup(emu.Close)
	emu.AddInstance(sqlemu.PostgresInstance(project, "europe-west1", instance, 7))
	now := time.Now().UTC()
	emu.SetWindow(project, instance, now.Add(-7*24*time.Hour), now.Add(-time.Minute))
	pit := now.Add(-time.Hour).Truncate(time.Minute)
	target := instance + "-pitr-" + pit.Format("200601021504")

	gh := fakegithub.New(t, harness.Token)
	r := dockerrun.NewRunner(t, image)
	res := r.Run(t, dockerrun.Step{Name: "sql-recover", GitHub: gh, Env: map[string]string{"OLYMPUS_TEST_TIMING": "5ms"}, Event: harness.WorkflowDispatch(harness.DefaultRef, nil),
		Inputs: map[string]string{"project": project, "instance": instance, "point-in-time": pit.Format(time.RFC3339),
			"reason": "orders deleted\r::stop-commands::x\n  ::error title=forged::by the reason", "sql-endpoint": emu.URL,
			"timeout": "2m", "github-token": harness.Token}}, 5*time.Minute)
	if res.ExitCode != 0 {
		failed(t, "sql-recover", res)
	}
	if res.Outputs["target-instance"] != target || res.Outputs["connection-name"] != project+":europe-west1:"+target {
		t.Errorf("outputs %v, want target %s", res.Outputs, target)
	}
	if _, ok := emu.Instance(project, target); !ok {
		t.Errorf("no instance %s in the emulator", target)
	}
	if n := emu.Count("instances.clone"); n != 1 {
		t.Errorf("%d clone requests, want 1", n)
	}
	if issues := gh.Issues(); len(issues) != 1 || !strings.Contains(issues[0].Body, "orders deleted") {
		t.Errorf("incident issues %+v", issues)
	}
	if !strings.Contains(res.Summary, target) {
		t.Errorf("summary:\n%s", res.Summary)
	}
	for _, l := range strings.Split(res.Summary, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "::") {
			t.Errorf("the reason broke out of its table cell: %q", l)
		}
	}
	assertClean(t, r)

	// Text from the cloud API is untrusted: an operation's error message
	// that tries to command the runner is printed as text.
	emu.FailNextOperation("disk full\n::stop-commands::x\r  ::error title=forged::by the API")
	failedRun := r.Run(t, dockerrun.Step{Name: "sql-recover", GitHub: gh, Env: map[string]string{"OLYMPUS_TEST_TIMING": "5ms"}, Event: harness.WorkflowDispatch(harness.DefaultRef, nil),
		Inputs: map[string]string{"project": project, "instance": instance, "point-in-time": pit.Format(time.RFC3339),
			"target-instance": target + "-2", "reason": "second try", "sql-endpoint": emu.URL, "timeout": "2m", "github-token": harness.Token}}, 5*time.Minute)
	if failedRun.ExitCode != 3 {
		failed(t, "sql-recover with a failing operation", failedRun)
	}
	log := failedRun.Log()
	if !log.Contains("::stop-commands::x") {
		t.Errorf("the API's message should be printed as text (proof that the check bites):\n%s", failedRun.Stdout)
	}
	if log.StopToken != "" {
		t.Errorf("the API's message stopped the runner's commands (token %q)", log.StopToken)
	}
	for _, a := range log.Annotations {
		if !strings.HasPrefix(a.Properties["title"], "olympus") {
			t.Errorf("an annotation we did not make: %+v", a)
		}
	}

	bad := r.Run(t, dockerrun.Step{Name: "sql-recover", Network: "none", Inputs: map[string]string{"project": project, "instance": instance,
		"point-in-time": "yesterday", "reason": "test", "sql-endpoint": emu.URL}}, time.Minute)
	if bad.ExitCode != 2 || !strings.Contains(bad.Stdout, "input point-in-time") {
		t.Errorf("bad input: exit %d\n%s\n%s", bad.ExitCode, bad.Stdout, bad.Stderr)
	}
	if n := emu.Count("instances.clone"); n != 2 {
		t.Errorf("bad input sent a clone: %d in all, want the two above", n)
	}
}
