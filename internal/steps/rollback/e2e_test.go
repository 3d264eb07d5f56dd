package rollback_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"cloud.google.com/go/run/apiv2/runpb"
	"github.com/google/go-github/v90/github"
	"google.golang.org/grpc/codes"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/cloudrun"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/localstore"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runemu"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

func TestMain(m *testing.M) { harness.Main(m) }

const project, region = "olympus-dev-7d1e", "us-central1"

// cloud makes a service with three revisions, the newest serving, behind
// an emulator.
func cloud(t *testing.T) (*runemu.Server, localstore.Store, []string) {
	t.Helper()
	store := localstore.Store{Root: t.TempDir()}
	var revs []string
	for _, img := range []string{"api:v1", "api:v2", "api:v3"} {
		svc, _, err := store.ApplyServiceConfig("olympus-api", img, map[string]string{"V": img})
		if err != nil {
			t.Fatal(err)
		}
		revs = append(revs, svc.LatestRevision())
		time.Sleep(5 * time.Millisecond) // distinct creation times
	}
	emu, err := runemu.Start(store, project, region)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(emu.Stop)
	return emu, store, revs
}

// fast makes the step poll the emulator every 5 ms instead of 500.
var fast = map[string]string{step.TimingEnv: "5ms"}

func rollbackRun(emu *runemu.Server, gh *fakegithub.Server, inputs map[string]string) harness.Run {
	in := map[string]string{"project": project, "service": "olympus-api", "run-endpoint": emu.Addr, "reason": "5xx after v3"}
	for k, v := range inputs {
		in[k] = v
	}
	return harness.Run{Step: "traffic-rollback", Inputs: in, GitHub: gh, Env: fast}
}

func count(emu *runemu.Server, method string) int {
	n := 0
	for _, r := range emu.Requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

func serving(t *testing.T, store localstore.Store, name ...string) string {
	t.Helper()
	svcName := "olympus-api"
	if len(name) > 0 {
		svcName = name[0]
	}
	svc, err := store.GetService(svcName)
	if err != nil || len(svc.Traffic) != 1 || svc.Traffic[0].Percent != 100 {
		t.Fatalf("traffic %+v, %v", svc, err)
	}
	return svc.Traffic[0].Revision
}

func TestRollbackToThePreviousRevision(t *testing.T) {
	emu, store, revs := cloud(t)
	gh := fakegithub.New(t, harness.Token)
	res := harness.Exec(t, rollbackRun(emu, gh, nil))
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	if res.Outputs["to-revision"] != revs[1] || res.Outputs["changed"] != "true" || res.Outputs["from-revisions"] != revs[2]+"=100" || res.Outputs["chosen-by"] != "newest-older" {
		t.Errorf("outputs %v", res.Outputs)
	}
	if got := serving(t, store); got != revs[1] {
		t.Errorf("serving %q, want %q", got, revs[1])
	}
	// Only the traffic and the rollback's record were sent: no template,
	// with the etag, masked.
	var updates []*runpb.UpdateServiceRequest
	for _, r := range emu.Requests() {
		if u, ok := r.Msg.(*runpb.UpdateServiceRequest); ok {
			updates = append(updates, u)
		}
	}
	if len(updates) != 1 {
		t.Fatalf("%d updates", len(updates))
	}
	u := updates[0]
	if u.GetService().GetTemplate() != nil || u.GetService().GetEtag() == "" || strings.Join(u.GetUpdateMask().GetPaths(), ",") != "traffic,annotations" ||
		u.GetService().GetAnnotations()[cloudrun.RolledBackFrom] != revs[2] ||
		len(u.GetService().GetTraffic()) != 1 || u.GetService().GetTraffic()[0].GetRevision() != revs[1] || u.GetService().GetTraffic()[0].GetPercent() != 100 {
		t.Errorf("update request %v", u)
	}
	for _, want := range []string{"## Traffic rollback: `olympus-api`", revs[2] + " 100%", "`" + revs[1] + "` 100%", "5xx after v3", "octocat"} {
		if !strings.Contains(res.Summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, res.Summary)
		}
	}
	issues := gh.Issues()
	if len(issues) != 1 || len(issues[0].Labels) != 1 || issues[0].Labels[0].Name != "incident" || !strings.Contains(issues[0].Body, "5xx after v3") {
		t.Errorf("incident issue %+v", issues)
	}

	// Again, naming the target: nothing to do, nothing sent.
	again := harness.Exec(t, rollbackRun(emu, gh, map[string]string{"to-revision": revs[1]}))
	if again.ExitCode != 0 || again.Outputs["changed"] != "false" || count(emu, "UpdateService") != 1 {
		t.Errorf("second run: exit %d outputs %v updates %d", again.ExitCode, again.Outputs, count(emu, "UpdateService"))
	}
}

func TestRollbackDryRunSendsNoUpdate(t *testing.T) {
	emu, store, revs := cloud(t)
	res := harness.Exec(t, rollbackRun(emu, fakegithub.New(t, harness.Token), map[string]string{"dry-run": "true"}))
	if res.ExitCode != 0 || res.Outputs["to-revision"] != revs[1] || res.Outputs["changed"] != "false" || count(emu, "UpdateService") != 0 {
		t.Fatalf("exit %d outputs %v updates %d\n%s", res.ExitCode, res.Outputs, count(emu, "UpdateService"), res.Stderr)
	}
	if serving(t, store) != revs[2] {
		t.Error("a dry run moved traffic")
	}
}

func TestRollbackRetriesReadsAndRereadsAfterAbort(t *testing.T) {
	emu, store, revs := cloud(t)
	emu.Inject(runemu.Fault{Method: "GetService", Code: codes.Unavailable, Times: 2})
	emu.Inject(runemu.Fault{Method: "ListRevisions", Code: codes.Unavailable, Times: 1})
	emu.Inject(runemu.Fault{Method: "UpdateService", Code: codes.Aborted, Times: 1})
	res := harness.Exec(t, rollbackRun(emu, fakegithub.New(t, harness.Token), nil))
	if res.ExitCode != 0 || serving(t, store) != revs[1] {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	// 2 failed + 1 read, 1 re-read after the abort, then reads while waiting.
	if n := count(emu, "GetService"); n < 4 {
		t.Errorf("%d GetService calls, want the retries and a re-read", n)
	}
	if n := count(emu, "UpdateService"); n != 2 {
		t.Errorf("%d UpdateService calls, want 2 (one aborted)", n)
	}
}

func TestRollbackWaitsForASlowOperation(t *testing.T) {
	emu, store, revs := cloud(t)
	emu.SlowOperations(300 * time.Millisecond)
	res := harness.Exec(t, rollbackRun(emu, fakegithub.New(t, harness.Token), nil))
	if res.ExitCode != 0 || serving(t, store) != revs[1] || count(emu, "GetOperation") == 0 {
		t.Fatalf("exit %d operations polled %d\n%s", res.ExitCode, count(emu, "GetOperation"), res.Stderr)
	}
}

func TestRollbackFailedOperationExits3(t *testing.T) {
	emu, _, _ := cloud(t)
	emu.FailNextOperation("revision failed its health check")
	res := harness.Exec(t, rollbackRun(emu, fakegithub.New(t, harness.Token), nil))
	if res.ExitCode != 3 || !strings.Contains(res.Stdout+res.Stderr, "revision failed its health check") {
		t.Fatalf("exit %d\n%s%s", res.ExitCode, res.Stdout, res.Stderr)
	}
}

func TestRollbackRefusals(t *testing.T) {
	emu, store, revs := cloud(t)
	for name, tc := range map[string]struct {
		inputs map[string]string
		exit   int
		want   string
	}{
		"missing service":    {map[string]string{"service": "olympus-web"}, 1, `service "olympus-web" does not exist in project "olympus-dev-7d1e", region "us-central1"`},
		"split traffic":      {nil, 1, "is split"},
		"bad service name":   {map[string]string{"service": "Olympus_API"}, 2, `input service: invalid value "Olympus_API"`},
		"bad revision name":  {map[string]string{"to-revision": "x/y"}, 2, `input to-revision: invalid value "x/y"`},
		"bad region":         {map[string]string{"region": "us central1"}, 2, `input region: invalid value "us central1"`},
		"bad project":        {map[string]string{"project": "P"}, 2, `input project: invalid value "P"`},
		"revision not Ready": {map[string]string{"to-revision": revs[0]}, 1, "is not Ready"},
	} {
		t.Run(name, func(t *testing.T) {
			if name == "split traffic" {
				store.UpdateService("olympus-api", func(s *localstore.Service) error {
					s.Traffic = []localstore.TrafficTarget{{Revision: revs[2], Percent: 50}, {Revision: revs[1], Percent: 50}}
					return nil
				})
				defer store.UpdateService("olympus-api", func(s *localstore.Service) error {
					s.Traffic = []localstore.TrafficTarget{{Revision: revs[2], Percent: 100}}
					return nil
				})
			}
			if name == "revision not Ready" {
				store.UpdateService("olympus-api", func(s *localstore.Service) error { s.Revisions[0].Ready = false; return nil })
				defer store.UpdateService("olympus-api", func(s *localstore.Service) error { s.Revisions[0].Ready = true; return nil })
			}
			before := len(emu.Requests())
			res := harness.Exec(t, rollbackRun(emu, fakegithub.New(t, harness.Token), tc.inputs))
			if res.ExitCode != tc.exit || !strings.Contains(res.Stdout+res.Stderr, tc.want) {
				t.Fatalf("exit %d, want %d with %q\n%s%s", res.ExitCode, tc.exit, tc.want, res.Stdout, res.Stderr)
			}
			for _, r := range emu.Requests()[before:] {
				if r.Method == "UpdateService" {
					t.Error("an update was sent")
				}
			}
			if tc.exit == 2 && len(emu.Requests()) != before {
				t.Errorf("bad input reached the API: %d calls", len(emu.Requests())-before)
			}
		})
	}
}

func TestRollbackFromALaptopNeedsAReasonAndWritesARecord(t *testing.T) {
	emu, _, revs := cloud(t)
	dir := t.TempDir()
	r := rollbackRun(emu, nil, map[string]string{"reason": ""})
	r.Local, r.Dir = true, dir
	delete(r.Inputs, "reason")
	res := harness.Exec(t, r)
	if res.ExitCode != 2 || !strings.Contains(res.Stderr, "error: --reason is missing: say why") || len(emu.Requests()) != 0 {
		t.Fatalf("without a reason: exit %d calls %d\n%s", res.ExitCode, len(emu.Requests()), res.Stderr)
	}
	r.Inputs["reason"] = "pager: 5xx"
	res = harness.Exec(t, r)
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "`"+revs[1]+"` 100%") {
		t.Fatalf("exit %d\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "incident-olympus-api-*.md"))
	if len(files) != 1 {
		t.Fatalf("incident files %v", files)
	}
	b, _ := os.ReadFile(files[0])
	if !strings.Contains(string(b), "pager: 5xx") || !strings.Contains(string(b), "(local)") {
		t.Errorf("incident record:\n%s", b)
	}
}

// A dry run from a laptop changes nothing, so it needs no reason (issue
// 21: it used to demand one); the region it read is said to be the
// default when none was given.
func TestRollbackDryRunFromALaptopNeedsNoReason(t *testing.T) {
	emu, _, _ := cloud(t)
	r := rollbackRun(emu, nil, map[string]string{"dry-run": "true"})
	r.Local, r.Dir = true, t.TempDir()
	delete(r.Inputs, "reason")
	res := harness.Exec(t, r)
	if res.ExitCode != 0 {
		t.Fatalf("dry run without a reason: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	if !strings.Contains(res.Stdout, "| Region | `us-central1` (the default: region was not given) |") {
		t.Errorf("the record does not say the region was the default:\n%s", res.Stdout)
	}
	if !strings.Contains(res.Stderr, "region not given: using the default") {
		t.Errorf("the log does not say the region was the default:\n%s", res.Stderr)
	}
	for _, q := range emu.Requests() {
		if q.Method == "UpdateService" {
			t.Fatalf("a dry run sent %s", q.Method)
		}
	}
	r.Inputs["region"] = region
	if res := harness.Exec(t, r); strings.Contains(res.Stdout, "the default") {
		t.Errorf("a given region is called the default:\n%s", res.Stdout)
	}
}

// A rollback survives the next deploy: Terraform owns the service's
// configuration, not its traffic.
func TestRollbackIsNotUndoneByTheNextDeploy(t *testing.T) {
	dir := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "examples", "local"), dir)
	gh := fakegithub.New(t, harness.Token)
	deploy := func(image string) *harness.Result {
		t.Helper()
		res := harness.Exec(t, harness.Run{Step: "deploy", Dir: dir, GitHub: gh, Inputs: map[string]string{"environment": "dev"},
			Env: map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TF_VAR_api_key": "k-123456789", "TF_VAR_image": image}})
		if res.ExitCode != 0 {
			t.Fatalf("deploy %s: exit %d\n%s", image, res.ExitCode, res.Stderr)
		}
		return res
	}
	deploy("api:v1")
	deploy("api:v2")
	store := localstore.Store{Root: filepath.Join(dir, ".localcloud", "dev")}
	svc, _ := store.GetService("olympus-api-dev")
	rev1, rev2 := svc.Revisions[0].Name, svc.Revisions[1].Name
	if svc.Traffic[0].Revision != rev2 {
		t.Fatalf("after two deploys traffic is on %q, want %q", svc.Traffic[0].Revision, rev2)
	}
	emu, err := runemu.Start(store, project, region)
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Stop()
	rb := harness.Exec(t, harness.Run{Step: "traffic-rollback", GitHub: gh, Inputs: map[string]string{
		"project": project, "service": "olympus-api-dev", "run-endpoint": emu.Addr, "reason": "bad v2"}, Env: fast})
	if rb.ExitCode != 0 || rb.Outputs["to-revision"] != rev1 {
		t.Fatalf("rollback: exit %d outputs %v\n%s", rb.ExitCode, rb.Outputs, rb.Stderr)
	}
	again := deploy("api:v2")
	if again.Outputs["outcome"] != "no-changes" {
		t.Errorf("the deploy after the rollback: outcome %q", again.Outputs["outcome"])
	}
	if got := serving(t, store, "olympus-api-dev"); got != rev1 {
		t.Errorf("the deploy moved traffic back to %q", got)
	}
	if !strings.Contains(again.Summary, "is pinned to `"+rev1+"`, older than its latest revision `"+rev2+"`") {
		t.Errorf("the deploy summary does not say traffic is pinned:\n%s", again.Summary)
	}
}

// Roll forward, end to end with Terraform and the emulator on one store: a
// rollback pins traffic; rolling forward before a fix is refused; after a
// new revision is deployed, LATEST sends traffic to it, and later deploys'
// revisions get it too.
func TestRollForwardOnceAFixIsDeployed(t *testing.T) {
	dir := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "examples", "local"), dir)
	gh := fakegithub.New(t, harness.Token)
	deploy := func(image string) *harness.Result {
		t.Helper()
		res := harness.Exec(t, harness.Run{Step: "deploy", Dir: dir, GitHub: gh, Inputs: map[string]string{"environment": "dev"},
			Env: map[string]string{"TF_CLI_CONFIG_FILE": tfenv.Shared(t), "TF_VAR_api_key": "k-123456789", "TF_VAR_image": image}})
		if res.ExitCode != 0 {
			t.Fatalf("deploy %s: exit %d\n%s", image, res.ExitCode, res.Stderr)
		}
		return res
	}
	deploy("api:v1")
	deploy("api:v2")
	store := localstore.Store{Root: filepath.Join(dir, ".localcloud", "dev")}
	emu, err := runemu.Start(store, project, region)
	if err != nil {
		t.Fatal(err)
	}
	defer emu.Stop()
	traffic := func(to string) *harness.Result {
		t.Helper()
		in := map[string]string{"project": project, "service": "olympus-api-dev", "run-endpoint": emu.Addr, "reason": "bad v2"}
		if to != "" {
			in["to-revision"] = to
		}
		return harness.Exec(t, harness.Run{Step: "traffic-rollback", GitHub: gh, Inputs: in, Env: fast})
	}
	svc, _ := store.GetService("olympus-api-dev")
	rev1, rev2 := svc.Revisions[0].Name, svc.Revisions[1].Name
	if rb := traffic(""); rb.ExitCode != 0 || rb.Outputs["to-revision"] != rev1 || !strings.Contains(rb.Summary, "--to-revision LATEST") {
		t.Fatalf("rollback: exit %d outputs %v\n%s\n%s", rb.ExitCode, rb.Outputs, rb.Summary, rb.Stderr)
	}
	if svc, _ := store.GetService("olympus-api-dev"); svc.Annotations[cloudrun.RolledBackFrom] != rev2 {
		t.Errorf("the rollback left annotations %v", svc.Annotations)
	}

	// Nothing deployed since: the latest Ready revision is still the bad one.
	before := count(emu, "UpdateService")
	early := traffic("LATEST")
	if early.ExitCode != 1 || !strings.Contains(early.Stderr+early.Stdout, "is the one traffic was rolled back from") ||
		!strings.Contains(early.Stderr+early.Stdout, "deploy a fixed revision first") || count(emu, "UpdateService") != before {
		t.Fatalf("early roll forward: exit %d updates %d\n%s%s", early.ExitCode, count(emu, "UpdateService")-before, early.Stdout, early.Stderr)
	}
	if serving(t, store, "olympus-api-dev") != rev1 {
		t.Fatal("a refused roll forward moved traffic")
	}

	// The fix is deployed: the deploy leaves the pin, and says how to
	// release it.
	fix := deploy("api:v3")
	if got := serving(t, store, "olympus-api-dev"); got != rev1 {
		t.Fatalf("the deploy of the fix moved traffic to %q", got)
	}
	if !strings.Contains(fix.Summary, "olympus traffic-rollback --project <project> --service olympus-api-dev --to-revision LATEST") {
		t.Errorf("the deploy summary does not name the roll forward:\n%s", fix.Summary)
	}
	svc, _ = store.GetService("olympus-api-dev")
	rev3 := svc.Revisions[2].Name
	fwd := traffic("LATEST")
	if fwd.ExitCode != 0 || fwd.Outputs["to-revision"] != rev3 || fwd.Outputs["changed"] != "true" || fwd.Outputs["from-revisions"] != rev1+"=100" {
		t.Fatalf("roll forward: exit %d outputs %v\n%s", fwd.ExitCode, fwd.Outputs, fwd.Stderr)
	}
	for _, want := range []string{"## Traffic roll forward: `olympus-api-dev`", "LATEST (now `" + rev3 + "`) 100%", "rolled forward"} {
		if !strings.Contains(fwd.Summary, want) {
			t.Errorf("summary lacks %q:\n%s", want, fwd.Summary)
		}
	}
	var last *runpb.UpdateServiceRequest
	for _, r := range emu.Requests() {
		if u, ok := r.Msg.(*runpb.UpdateServiceRequest); ok {
			last = u
		}
	}
	if tt := last.GetService().GetTraffic(); len(tt) != 1 || tt[0].GetType() != runpb.TrafficTargetAllocationType_TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST ||
		tt[0].GetPercent() != 100 || last.GetService().GetTemplate() != nil {
		t.Errorf("roll forward request %v", last)
	}
	svc, _ = store.GetService("olympus-api-dev")
	if len(svc.Traffic) != 1 || !svc.Traffic[0].Latest || svc.Annotations[cloudrun.RolledBackFrom] != "" {
		t.Errorf("after the roll forward: traffic %+v annotations %v", svc.Traffic, svc.Annotations)
	}
	issues := gh.Issues()
	if n := len(issues); n != 2 || issues[1].Title != "Traffic roll forward: olympus-api-dev to LATEST ("+rev3+")" {
		t.Errorf("incident issues %+v", issues)
	}

	// Later revisions follow; the deploy sees no pin.
	next := deploy("api:v4")
	svc, _ = store.GetService("olympus-api-dev")
	if got := svc.Serving()[0].Revision; got != svc.Revisions[3].Name {
		t.Errorf("after the next deploy traffic is on %q, want the new %q", got, svc.Revisions[3].Name)
	}
	if strings.Contains(next.Summary, "pinned") {
		t.Errorf("the next deploy still reports a pin:\n%s", next.Summary)
	}
	again := traffic("LATEST")
	if again.ExitCode != 0 || again.Outputs["changed"] != "false" {
		t.Errorf("a second roll forward: exit %d outputs %v", again.ExitCode, again.Outputs)
	}
}

// stoppedWaits are the states Cloud Run can be in when the rollback stops
// waiting for its update: changed is what the record must say, outcome
// what the summary and the incident issue must read.
var stoppedWaits = []struct {
	name             string
	setup            func(*runemu.Server)
	changed, outcome string
}{
	{"moved, not confirmed", func(e *runemu.Server) { e.HoldOperations() }, "true", "rolled back, but not confirmed before the error"},
	{"not moved", func(e *runemu.Server) { e.HoldOperations(); e.FailNextOperation("revision failed its health check") }, "false", "not rolled back"},
	{"still reconciling", func(e *runemu.Server) { e.SlowOperations(time.Hour) }, "unknown", "Cloud Run is still applying it"},
}

// trafficMoved is what the emulator says became of the traffic: "unknown"
// while an operation is still changing the service, else whether target
// serves.
func trafficMoved(t *testing.T, emu *runemu.Server, store localstore.Store, target string) string {
	t.Helper()
	if emu.Reconciling("olympus-api") {
		return "unknown"
	}
	return strconv.FormatBool(serving(t, store) == target)
}

// assertRecorded checks that a rollback stopped after its one update left
// every record, saying what the emulator shows: the outputs, the summary
// and the incident issue.
func assertRecorded(t *testing.T, res *harness.Result, emu *runemu.Server, store localstore.Store, gh *fakegithub.Server, revs []string, changed, outcome string) {
	t.Helper()
	if n := count(emu, "UpdateService"); n != 1 {
		t.Fatalf("%d updates sent, want 1", n)
	}
	truth := trafficMoved(t, emu, store, revs[1])
	if truth != changed {
		t.Fatalf("the emulator says the traffic moved: %s, want %s for this case", truth, changed)
	}
	if res.Outputs["changed"] != truth || res.Outputs["to-revision"] != revs[1] || res.Outputs["from-revisions"] != revs[2]+"=100" {
		t.Errorf("outputs %v, want changed=%s as the emulator says", res.Outputs, truth)
	}
	if !strings.Contains(res.Summary, "## Traffic rollback: `olympus-api`") || !strings.Contains(res.Summary, outcome) {
		t.Errorf("summary does not say %q:\n%s", outcome, res.Summary)
	}
	issues := gh.Issues()
	if len(issues) != 1 || len(issues[0].Labels) == 0 || issues[0].Labels[0].Name != "incident" || !strings.Contains(issues[0].Body, outcome) {
		t.Errorf("incident issue %+v, want one saying %q", issues, outcome)
	}
}

// The timeout ends the step after the change was sent: the record is
// still written, and says what the service serves now.
func TestRollbackTimeoutAfterTheUpdateStillRecords(t *testing.T) {
	for _, tc := range stoppedWaits {
		t.Run(tc.name, func(t *testing.T) {
			emu, store, revs := cloud(t)
			tc.setup(emu)
			gh := fakegithub.New(t, harness.Token)
			res := harness.Exec(t, rollbackRun(emu, gh, map[string]string{"timeout": "3s"}))
			if res.ExitCode != 3 {
				t.Fatalf("exit %d, want 3 (the operation did not finish in time)\n%s", res.ExitCode, res.Stdout)
			}
			assertRecorded(t, res, emu, store, gh, revs, tc.changed, tc.outcome)
		})
	}
}

// A cancelled job stops the step with a signal while it waits for the
// operation: the record is still written, and says what the service
// serves now.
func TestRollbackCancelledAfterTheUpdateStillRecords(t *testing.T) {
	for _, tc := range stoppedWaits {
		t.Run(tc.name, func(t *testing.T) {
			emu, store, revs := cloud(t)
			tc.setup(emu)
			gh := fakegithub.New(t, harness.Token)
			p := harness.Start(t, rollbackRun(emu, gh, map[string]string{"timeout": "1h"}))
			// The update was sent and the step polls its operation.
			harness.WaitFor(t, time.Minute, "the rollback to wait for its operation", func() bool { return count(emu, "GetOperation") > 0 })
			if err := p.Signal(syscall.SIGINT); err != nil {
				t.Fatal(err)
			}
			res := p.Wait(t, time.Minute)
			if res.ExitCode == 0 {
				t.Fatalf("a cancelled rollback exits 0\n%s", res.Stdout)
			}
			assertRecorded(t, res, emu, store, gh, revs, tc.changed, tc.outcome)
		})
	}
}

// Rollbacks in a row accumulate the revisions traffic was rolled back
// from: after 3 → 2 → 1, a roll forward to LATEST (still 3, the first bad
// one) is refused, naming it, and nothing is sent.
func TestRollForwardAfterTwoRollbacksIsRefused(t *testing.T) {
	emu, store, revs := cloud(t)
	gh := fakegithub.New(t, harness.Token)
	for i, want := range []string{revs[1], revs[0]} {
		res := harness.Exec(t, rollbackRun(emu, gh, nil))
		if res.ExitCode != 0 || res.Outputs["to-revision"] != want {
			t.Fatalf("rollback %d: exit %d outputs %v\n%s", i+1, res.ExitCode, res.Outputs, res.Stderr)
		}
	}
	svc, _ := store.GetService("olympus-api")
	if got := svc.Annotations[cloudrun.RolledBackFrom]; got != revs[2]+","+revs[1] {
		t.Errorf("after two rollbacks the service records %q, want %q", got, revs[2]+","+revs[1])
	}
	before := count(emu, "UpdateService")
	fwd := harness.Exec(t, rollbackRun(emu, gh, map[string]string{"to-revision": "LATEST"}))
	out := fwd.Stdout + fwd.Stderr
	if fwd.ExitCode != 1 || !strings.Contains(out, `the latest Ready revision "`+revs[2]+`" is the one traffic was rolled back from`) ||
		!strings.Contains(out, revs[2]+", "+revs[1]) || count(emu, "UpdateService") != before {
		t.Fatalf("roll forward to LATEST: exit %d updates %d\n%s", fwd.ExitCode, count(emu, "UpdateService")-before, out)
	}
	if got := serving(t, store); got != revs[0] {
		t.Errorf("a refused roll forward left traffic on %q", got)
	}
}

// deployed records a deployment in the fake GitHub as deploy does, made
// with token, with its final status and its payload's record.
func deployed(t *testing.T, gh *fakegithub.Server, token, task, env, state string, rec *policy.DeploymentRecord) int64 {
	t.Helper()
	base := gh.URL + "/"
	c, err := github.NewClient(github.WithAuthToken(token), github.WithURLs(&base, &base))
	if err != nil {
		t.Fatal(err)
	}
	var payload any
	if rec != nil {
		payload = policy.FormatDeploymentPayload(map[string]any{"plan_sha256": "ab12"}, *rec)
	}
	owner, repo, _ := strings.Cut(harness.Repository, "/")
	ctx := context.Background()
	d, _, err := c.Repositories.CreateDeployment(ctx, owner, repo, github.DeploymentRequest{Ref: "main", Task: github.Ptr(task),
		Environment: github.Ptr(env), Payload: payload, RequiredContexts: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Repositories.CreateDeploymentStatus(ctx, owner, repo, d.GetID(), github.DeploymentStatusRequest{State: state}); err != nil {
		t.Fatal(err)
	}
	return d.GetID()
}

// traffic-rollback without to-revision takes the revision the last
// verified deployment of its environment recorded, over the newest older
// one; when it cannot, it takes the newest older one and says why.
func TestRollbackChoosesTheRecordedKnownGoodRevision(t *testing.T) {
	key := policy.CloudRunKey(project, region, "olympus-api")
	for _, tc := range []struct {
		name   string
		setup  func(*fakegithub.Server, localstore.Store, []string)
		inputs map[string]string
		want   int // index into the revisions
		by     string
		says   string
	}{
		{name: "recorded", want: 0, by: "known-good", says: "the known-good revision of the last verified deployment (`known-good`): recorded by deployment "},
		{name: "recorded revision not Ready", want: 1, by: "newest-older", says: "is not Ready",
			setup: func(_ *fakegithub.Server, store localstore.Store, _ []string) {
				store.UpdateService("olympus-api", func(s *localstore.Service) error { s.Revisions[0].Ready = false; return nil })
			}},
		{name: "deployments made by another identity", want: 1, by: "newest-older", says: "not by alice",
			setup: func(gh *fakegithub.Server, _ localstore.Store, _ []string) { gh.Login = "alice" }},
		{name: "GitHub cannot be read", want: 1, by: "newest-older", says: "could not be read",
			setup: func(gh *fakegithub.Server, _ localstore.Store, _ []string) {
				gh.Inject(fakegithub.Fault{PathPrefix: "/repos/" + harness.Repository + "/deployments", Status: 502, Times: 100})
			}},
		{name: "no environment", inputs: map[string]string{"environment": ""}, want: 1, by: "newest-older", says: "no environment was given"},
		{name: "named", inputs: map[string]string{"to-revision": "REV1"}, want: 1, by: "to-revision", says: "named (to-revision)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			emu, store, revs := cloud(t)
			gh := fakegithub.New(t, harness.Token)
			// Oldest first: the verified deploy of v1, then a verified record
			// of v2 whose deployment failed, GitHub's own deployment and
			// staging's naming v2, a deploy of v3 that was not verified, and
			// a record of v2 forged with another identity's token.
			const forger = "ghp_mallory0123456789"
			gh.AddToken(forger, "mallory")
			verified := func(rev string) *policy.DeploymentRecord {
				return &policy.DeploymentRecord{Verified: true, CloudRun: map[string]string{key: rev}}
			}
			deployed(t, gh, harness.Token, policy.DeploymentTask, "dev", "success", verified(revs[0]))
			deployed(t, gh, harness.Token, policy.DeploymentTask, "dev", "failure", verified(revs[1]))
			deployed(t, gh, harness.Token, "deploy", "dev", "success", verified(revs[1]))
			deployed(t, gh, harness.Token, policy.DeploymentTask, "staging", "success", verified(revs[1]))
			deployed(t, gh, harness.Token, policy.DeploymentTask, "dev", "success", &policy.DeploymentRecord{Verified: false, CloudRun: map[string]string{key: revs[2]}})
			deployed(t, gh, forger, policy.DeploymentTask, "dev", "success", verified(revs[1]))
			if tc.setup != nil {
				tc.setup(gh, store, revs)
			}
			in := map[string]string{"environment": "dev"}
			for k, v := range tc.inputs {
				in[k] = strings.ReplaceAll(v, "REV1", revs[1])
			}
			if in["environment"] == "" {
				delete(in, "environment")
			}
			res := harness.Exec(t, rollbackRun(emu, gh, in))
			if res.ExitCode != 0 || res.Outputs["to-revision"] != revs[tc.want] || res.Outputs["chosen-by"] != tc.by {
				t.Fatalf("exit %d outputs %v, want %q chosen by %s\n%s\n%s", res.ExitCode, res.Outputs, revs[tc.want], tc.by, res.Summary, res.Stderr)
			}
			if got := serving(t, store); got != revs[tc.want] {
				t.Errorf("serving %q, want %q", got, revs[tc.want])
			}
			if !strings.Contains(res.Summary, "| Chosen by | ") || !strings.Contains(res.Summary, tc.says) {
				t.Errorf("the summary does not say %q:\n%s", tc.says, res.Summary)
			}
		})
	}
}
