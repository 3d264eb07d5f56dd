package plancomment_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/tfenv"
)

const canary = "canary-9e41b7d3-never-in-a-comment"

const pr = 7

func example(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	tfenv.CopyDir(t, filepath.Join("..", "..", "..", "examples", "local"), dir)
	return dir
}

func planRun(t *testing.T, gh *fakegithub.Server, dir string, inputs map[string]string) harness.Run {
	runnerTemp := t.TempDir()
	in := map[string]string{"plan-file-dir": filepath.Join(runnerTemp, "plans")}
	for k, v := range inputs {
		in[k] = v
	}
	return harness.Run{Step: "plan-comment", Dir: dir, Inputs: in, GitHub: gh, Event: harness.PullRequest(pr), RunnerTemp: runnerTemp,
		Env: map[string]string{
			"TF_CLI_CONFIG_FILE":  tfenv.Shared(t),
			"TF_VAR_api_key":      canary,
			"OLYMPUS_TEST_TIMING": "200ms",
		}}
}

// assertNoCanary checks every output of a run and every request it made.
func assertNoCanary(t *testing.T, res *harness.Result, gh *fakegithub.Server) {
	t.Helper()
	for _, line := range strings.Split(res.All(), "\n") {
		if strings.Contains(line, canary) && !strings.HasPrefix(line, "::add-mask::") {
			t.Errorf("the canary was printed or sent: %q", line)
		}
	}
	for _, c := range gh.Comments(pr) {
		if strings.Contains(c.Body, canary) {
			t.Errorf("the canary is in comment %d", c.ID)
		}
	}
}

func TestPlanCommentCreatesThenUpdatesOneComment(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	res := harness.Exec(t, planRun(t, gh, dir, nil))
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
	assertNoCanary(t, res, gh)
	if !strings.Contains(res.Stdout, "::add-mask::"+canary) {
		t.Error("the sensitive variable's value was not masked")
	}
	if res.Outputs["add"] != "2" || res.Outputs["has-changes"] != "true" || res.Outputs["protected-destroys"] != "0" ||
		!strings.HasPrefix(res.Outputs["plan-sha256"], "dev=") || !strings.HasSuffix(res.Outputs["plan-files"], "dev.tfplan") {
		t.Errorf("outputs %v", res.Outputs)
	}
	comments := gh.Comments(pr)
	if len(comments) != 1 || !strings.Contains(comments[0].Body, "### `dev`: 2 to add, 0 to change, 0 to destroy, 5 output(s) to change.") {
		t.Fatalf("comments: %+v", comments)
	}
	if res.Outputs["comment-url"] != comments[0].HTMLURL {
		t.Errorf("comment-url %q, want %q", res.Outputs["comment-url"], comments[0].HTMLURL)
	}
	if !strings.Contains(res.Summary, "### `dev`: 2 to add") {
		t.Errorf("summary:\n%s", res.Summary)
	}

	res = harness.Exec(t, planRun(t, gh, dir, nil))
	if res.ExitCode != 0 {
		t.Fatalf("second run: exit %d\n%s", res.ExitCode, res.Stderr)
	}
	after := gh.Comments(pr)
	if len(after) != 1 || after[0].ID != comments[0].ID {
		t.Fatalf("the second run did not update the comment in place: %+v", after)
	}
	var patches int
	for _, w := range gh.Writes() {
		if w.Method == "PATCH" {
			patches++
		}
	}
	if patches == 0 {
		t.Error("no PATCH of the comment")
	}
}

func TestParallelEnvironmentJobsKeepBothSections(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	// Slow answers widen the window in which the two jobs interleave.
	gh.SetDelay(30 * time.Millisecond)
	var wg sync.WaitGroup
	results := map[string]*harness.Result{}
	var mu sync.Mutex
	for _, env := range []string{"dev", "staging"} {
		r := planRun(t, gh, example(t), map[string]string{"environments": env})
		wg.Add(1)
		go func() {
			defer wg.Done()
			res := harness.Start(t, r).Wait(t, 3*time.Minute)
			mu.Lock()
			results[env] = res
			mu.Unlock()
		}()
	}
	wg.Wait()
	for env, res := range results {
		if res.ExitCode != 0 {
			t.Fatalf("%s: exit %d\n%s", env, res.ExitCode, res.Stderr)
		}
	}
	comments := gh.Comments(pr)
	if len(comments) != 1 {
		t.Fatalf("%d comments, want 1", len(comments))
	}
	for _, env := range []string{"dev", "staging"} {
		if !strings.Contains(comments[0].Body, "### `"+env+"`: 2 to add") {
			t.Errorf("the %s section is missing:\n%s", env, comments[0].Body)
		}
	}
}

func TestPlanCommentRetriesServerErrorsAndWaitsOutRateLimits(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	gh.Inject(fakegithub.Fault{Method: "GET", PathPrefix: "/repos/olympus-cloud/olympus/issues/7/comments", Status: 502, Times: 2})
	limit := fakegithub.SecondaryRateLimit("/repos/olympus-cloud/olympus/issues/7/comments", 1, 1)
	limit.Method = "POST"
	gh.Inject(limit)
	res := harness.Exec(t, planRun(t, gh, example(t), nil))
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	if n := len(gh.Comments(pr)); n != 1 {
		t.Fatalf("%d comments, want exactly 1", n)
	}
	if log := res.Stdout; !strings.Contains(log, "status=502") || !strings.Contains(log, "status=403") || !strings.Contains(log, "wait=1s") {
		t.Errorf("the retries are not in the log:\n%s", log)
	}
	var posts int
	for _, w := range gh.Writes() {
		if w.Method == "POST" && strings.HasSuffix(w.Path, "/comments") {
			posts++
		}
	}
	// The rate-limited POST was not done by GitHub, so it is sent again once.
	if posts != 2 {
		t.Errorf("%d POSTs, want 2 (one rate-limited, one done)", posts)
	}
}

func TestProtectedDestroyNeedsTheLabel(t *testing.T) {
	for _, tc := range []struct {
		labels []string
		exit   int
	}{{nil, 1}, {[]string{"allow-destroy"}, 0}} {
		gh := fakegithub.New(t, harness.Token)
		dir := t.TempDir()
		fixture := fixtureIn(t, dir, "action_reason__plan.json")
		r := planRun(t, gh, dir, map[string]string{"plan-json": fixture, "protected-types": "null_resource"})
		r.Event = harness.PullRequest(pr, tc.labels...)
		res := harness.Exec(t, r)
		if res.ExitCode != tc.exit || res.Outputs["protected-destroys"] != "1" {
			t.Errorf("labels %v: exit %d outputs %v\n%s", tc.labels, res.ExitCode, res.Outputs, res.Stderr)
		}
		if c := gh.Comments(pr); len(c) != 1 || !strings.Contains(c[0].Body, "[!CAUTION]") {
			t.Errorf("labels %v: the comment does not warn first: %+v", tc.labels, c)
		}
	}
}

func TestPlanCommentFromALaptop(t *testing.T) {
	fixture, _ := filepath.Abs("../../domain/policy/testdata/terraform-json/basic__plan.json")
	r := harness.Run{Step: "plan-comment", Local: true, Dir: t.TempDir(),
		Inputs: map[string]string{"plan-json": fixture, "environments": "dev"}}
	res := harness.Exec(t, r)
	if res.ExitCode != 0 || !strings.Contains(res.Stdout, "### `dev`: 7 to add") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", res.ExitCode, res.Stdout, res.Stderr)
	}
}

func TestPlanCommentBadInputRunsNothing(t *testing.T) {
	for name, tc := range map[string]struct {
		inputs map[string]string
		want   string
	}{
		"unknown environment":               {map[string]string{"environments": "dev,qa"}, `input environments: invalid value "qa": not in promotion-order`},
		"bad promotion order":               {map[string]string{"promotion-order": "dev,dev"}, `input promotion-order: invalid value "dev,dev"`},
		"plan json outside the workspace":   {map[string]string{"plan-json": "/etc/passwd"}, `input plan-json: invalid value "/etc/passwd": resolves to "/etc/passwd", outside`},
		"unknown comment mode":              {map[string]string{"comment": "maybe"}, `input comment: invalid value "maybe"`},
		"missing plan json":                 {map[string]string{"plan-json": "nope.json"}, `input plan-json: invalid value "nope.json"`},
		"plan json for another environment": {map[string]string{"plan-json": "prod=x.json"}, `environment "prod" is not in environments`},
		"invalid plan json":                 {map[string]string{"plan-json": "invalid__plan.json"}, "not a `terraform show -json` plan"},
		"mistyped plan json": {map[string]string{"plan-json": "mistyped.json"},
			`input plan-json: invalid value "mistyped.json": not a ` + "`terraform show -json`" + ` plan this step can read: resource_changes[1].change.actions: found a string where a list of actions is expected`},
	} {
		t.Run(name, func(t *testing.T) {
			gh := fakegithub.New(t, harness.Token)
			dir := example(t)
			fixtureIn(t, dir, "invalid__plan.json")
			mistyped := `{"format_version":"1.2","resource_changes":[null,{"address":"a.b","change":{"actions":"delete"}}]}`
			if err := os.WriteFile(filepath.Join(dir, "mistyped.json"), []byte(mistyped), 0o644); err != nil {
				t.Fatal(err)
			}
			res := harness.Exec(t, planRun(t, gh, dir, tc.inputs))
			if res.ExitCode != 2 || !strings.Contains(res.Stdout+res.Stderr, tc.want) {
				t.Fatalf("exit %d, want 2 with %q\n%s%s", res.ExitCode, tc.want, res.Stdout, res.Stderr)
			}
			if len(gh.Writes()) != 0 || len(res.Outputs) != 0 {
				t.Errorf("something was written: %v %v", gh.Writes(), res.Outputs)
			}
		})
	}
}

// A plan JSON with null entries is rendered without them, and the
// plan-sha256 output is the hash of the file read.
func TestPlanCommentSkipsNullEntries(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := t.TempDir()
	plan := `{"format_version":"1.2","variables":{"v":null},"resource_drift":[null,{"address":"x.y","change":null}],
	  "resource_changes":[null,{"address":"a.gone","change":null},
	    {"address":"google_storage_bucket.b","mode":"managed","type":"google_storage_bucket","change":{"actions":["update"],
	      "before":{"name":"b","labels":null},"after":{"name":"b","labels":{"team":null}},"after_unknown":null,"after_sensitive":null}}],
	  "output_changes":{"o":null},"planned_values":{"outputs":{"o":null}},"prior_state":null,"configuration":{"root_module":{"variables":null}}}`
	if err := os.WriteFile(filepath.Join(dir, "nulls.json"), []byte(plan), 0o644); err != nil {
		t.Fatal(err)
	}
	res := harness.Exec(t, planRun(t, gh, dir, map[string]string{"plan-json": "nulls.json"}))
	if res.ExitCode != 0 || res.Outputs["change"] != "1" {
		t.Fatalf("exit %d, outputs %v\n%s", res.ExitCode, res.Outputs, res.Stderr)
	}
	sum := sha256.Sum256([]byte(plan))
	if want := "dev=" + hex.EncodeToString(sum[:]); res.Outputs["plan-sha256"] != want {
		t.Errorf("plan-sha256 = %q, want %q", res.Outputs["plan-sha256"], want)
	}
	if c := gh.Comments(pr); len(c) != 1 || !strings.Contains(c[0].Body, "`google_storage_bucket.b`") || strings.Contains(c[0].Body, "a.gone") {
		t.Errorf("comment: %+v", c)
	}
}

func mustAbs(p string) string {
	a, _ := filepath.Abs(p)
	return a
}

// One job planning three environments plans them at once, each in its own
// worker with its own .terraform, and keeps their logs apart.
func TestPlanCommentPlansEnvironmentsConcurrently(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	res := harness.Exec(t, planRun(t, gh, dir, map[string]string{"environments": "dev,staging,prod"}))
	if res.ExitCode != 0 {
		t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
	}
	if res.Outputs["add"] != "6" || strings.Count(res.Outputs["plan-sha256"], "=") != 3 {
		t.Errorf("outputs %v", res.Outputs)
	}
	// Each hash is of the saved plan, not of the JSON its worker wrote.
	files := map[string]string{}
	for _, l := range strings.Split(res.Outputs["plan-files"], "\n") {
		e, f, _ := strings.Cut(l, "=")
		files[e] = f
	}
	for _, l := range strings.Split(res.Outputs["plan-sha256"], "\n") {
		e, sum, _ := strings.Cut(l, "=")
		if want, err := plan.FileSHA256(files[e]); err != nil || sum != want {
			t.Errorf("%s: plan-sha256 %s, the saved plan %q hashes to %s (%v)", e, sum, files[e], want, err)
		}
	}
	body := gh.Comments(pr)[0].Body
	for _, env := range []string{"dev", "staging", "prod"} {
		if !strings.Contains(body, "### `"+env+"`: 2 to add") {
			t.Errorf("no %s section:\n%s", env, body)
		}
		if !strings.Contains(res.Stdout, "["+env+"] ") {
			t.Errorf("no [%s] log lines:\n%s", env, res.Stdout)
		}
	}
	for _, line := range strings.Split(res.Stdout, "\n") {
		if strings.Contains(line, "Terraform has been successfully initialized") && !strings.HasPrefix(line, "[") {
			t.Errorf("an unprefixed terraform line: %q", line)
		}
	}
	assertNoCanary(t, res, gh)
}

// fixtureIn copies a terraform-json fixture into the workspace dir and
// returns its name there: inputs must stay inside the workspace.
func fixtureIn(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "domain", "policy", "testdata", "terraform-json", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// Saved plans hold secrets. With no plan-file-dir each run gets a new
// directory of its own under RUNNER_TEMP that only the runner's user can
// enter, and the plans in it only that user can read.
func TestDefaultPlanDirectoryIsPrivateAndNewPerRun(t *testing.T) {
	gh := fakegithub.New(t, harness.Token)
	dir := example(t)
	runnerTemp := t.TempDir()
	var dirs []string
	for range 2 {
		r := planRun(t, gh, dir, nil)
		delete(r.Inputs, "plan-file-dir")
		r.RunnerTemp = runnerTemp
		res := harness.Exec(t, r)
		if res.ExitCode != 0 {
			t.Fatalf("exit %d\n%s", res.ExitCode, res.Stderr)
		}
		_, file, _ := strings.Cut(res.Outputs["plan-files"], "=")
		d := filepath.Dir(file)
		if rel, err := filepath.Rel(r.RunnerTemp, d); err != nil || strings.HasPrefix(rel, "..") {
			t.Errorf("the plans are in %q, not under RUNNER_TEMP %q", d, r.RunnerTemp)
		}
		for path, want := range map[string]os.FileMode{d: 0o700, file: 0o600} {
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != want {
				t.Errorf("%s has mode %v, want %v", path, st.Mode().Perm(), want)
			}
		}
		dirs = append(dirs, d)
	}
	if dirs[0] == dirs[1] {
		t.Errorf("two runs shared the plan directory %q", dirs[0])
	}
}
