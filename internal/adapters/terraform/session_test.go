package terraform

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/tfinstall"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// reporter plays the step's reporter: it records masks, and a log that
// redacts each write with the masks known when the write arrives, as the
// runner does.
type reporter struct {
	mu     sync.Mutex
	masks  []string
	log    strings.Builder
	events []string
}

func (r *reporter) Mask(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.masks = append(r.masks, s)
	r.events = append(r.events, "mask")
}

func (r *reporter) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	text := string(p)
	for _, m := range r.masks {
		text = strings.ReplaceAll(text, m, "***")
	}
	r.log.WriteString(text)
	r.events = append(r.events, "log "+strings.SplitN(strings.TrimSpace(text), "\n", 2)[0])
	return len(p), nil
}

func (r *reporter) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.log.String()
}

// The errored plan of testdata: terraform 1.11 planned three resources
// from var.db_password (base64encode, upper, urlencode), printed them,
// then failed on another variable's validation, and saved the plan.
var erroredCanaries = []string{"canary-pw/7 q", "Y2FuYXJ5LXB3LzcgcQ==", "CANARY-PW/7 Q", "canary-pw%2F7+q"}

var (
	//go:embed testdata/errored-plan.json
	erroredJSON string
	//go:embed testdata/errored-plan.txt
	erroredOutput string
)

// openFake opens a session on the fake terraform (this test binary) in a
// module whose db_password is secret-named.
func openFake(t *testing.T, opts SessionOptions) (*Session, *reporter, string) {
	t.Helper()
	t.Setenv("FAKE_TERRAFORM_LOG", filepath.Join(t.TempDir(), "calls.jsonl"))
	t.Setenv("FAKE_TERRAFORM_VERSION", "1.11.4")
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte("variable \"db_password\" { type = string }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := &reporter{}
	opts.Dir, opts.Masks, opts.Log = dir, rep, rep
	opts.Engine = tfinstall.Request{Engine: step.Engine{Path: exe}}
	s, err := Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, rep, dir
}

func jobs(dir string, envs ...string) []Job {
	var out []Job
	for _, e := range envs {
		out = append(out, Job{Environment: e, Backend: e + ".tfbackend", Plans: []PlanSpec{{Out: filepath.Join(dir, e+".tfplan")}}})
	}
	return out
}

// A plan that fails after printing the planned changes: terraform's
// output is released only once the errored plan it saved is read and its
// secrets masked, alone (in this process) and several at once (in
// workers). Without the policy the derived forms of the secret-named
// variable would be printed in clear.
func TestAFailedPlanIsReleasedOnlyOnceItsSavedPlanIsMasked(t *testing.T) {
	for _, envs := range [][]string{{"dev"}, {"dev", "staging"}} {
		t.Run(strings.Join(envs, ","), func(t *testing.T) {
			t.Setenv("FAKE_PLAN_OUTPUT", erroredOutput)
			t.Setenv("FAKE_PLAN_JSON", erroredJSON)
			t.Setenv("FAKE_PLAN_FAIL", "1")
			s, rep, _ := openFake(t, SessionOptions{})
			outs := s.PlanEach(context.Background(), jobs(t.TempDir(), envs...))
			for _, o := range outs {
				if o.Err == nil || !strings.Contains(o.Err.Error(), "Invalid value for variable") {
					t.Errorf("%s: err = %v, want terraform's own error", o.Environment, o.Err)
				}
			}
			log := rep.text()
			if !strings.Contains(log, "Terraform planned the following actions, but then encountered a problem") {
				t.Errorf("terraform's output was not released:\n%s", log)
			}
			for _, c := range erroredCanaries {
				if strings.Contains(log, c) {
					t.Errorf("%q is in the log:\n%s", c, log)
				}
				if !slices.Contains(rep.masks, c) {
					t.Errorf("%q was not masked: %q", c, rep.masks)
				}
			}
			if len(envs) > 1 && !strings.Contains(log, "[staging] Terraform planned") {
				t.Errorf("a worker's lines are not prefixed:\n%s", log)
			}
		})
	}
}

// A saved plan that cannot be read has secrets no one knows: terraform's
// output is withheld, the log says so, and the error does not quote it.
func TestTheOutputOfAnUnreadablePlanIsWithheld(t *testing.T) {
	t.Setenv("FAKE_PLAN_OUTPUT", erroredOutput)
	t.Setenv("FAKE_PLAN_JSON", erroredJSON)
	t.Setenv("FAKE_SHOW_FAIL", "1")
	for _, fail := range []string{"", "1"} {
		t.Setenv("FAKE_PLAN_FAIL", fail)
		s, rep, _ := openFake(t, SessionOptions{})
		o := s.PlanEach(context.Background(), jobs(t.TempDir(), "dev"))[0]
		log := rep.text()
		if o.Err == nil || !strings.Contains(log, "is withheld: the plan it saved could not be read") {
			t.Errorf("failed plan %q: err %v, log:\n%s", fail, o.Err, log)
		}
		for _, c := range erroredCanaries[1:] {
			if strings.Contains(log, c) || strings.Contains(o.Err.Error(), c) {
				t.Errorf("failed plan %q: %q was printed or quoted: %v\n%s", fail, c, o.Err, log)
			}
		}
	}
}

// With no plan saved, terraform stopped before it evaluated anything: its
// output is released, with what the module's inputs give masked first.
func TestWithoutASavedPlanTheInputsAreMasked(t *testing.T) {
	t.Setenv("FAKE_PLAN_OUTPUT", "│ var.db_password is \"canary-pw/7 q\"\n")
	t.Setenv("FAKE_PLAN_JSON", erroredJSON)
	t.Setenv("FAKE_PLAN_SAVE", "0")
	t.Setenv("FAKE_PLAN_FAIL", "1")
	t.Setenv("TF_VAR_db_password", "canary-pw/7 q")
	s, rep, _ := openFake(t, SessionOptions{})
	o := s.PlanEach(context.Background(), jobs(t.TempDir(), "dev"))[0]
	if o.Err == nil || strings.Contains(rep.text(), "canary-pw") || !strings.Contains(rep.text(), "var.db_password is \"***\"") {
		t.Errorf("err %v, log:\n%s", o.Err, rep.text())
	}
}

// A plan left by an earlier run never passes for this run's.
func TestAnEarlierPlanFileIsNotThisRunsPlan(t *testing.T) {
	t.Setenv("FAKE_PLAN_OUTPUT", erroredOutput)
	t.Setenv("FAKE_PLAN_JSON", erroredJSON)
	t.Setenv("FAKE_PLAN_SAVE", "0")
	t.Setenv("FAKE_PLAN_FAIL", "1")
	s, rep, _ := openFake(t, SessionOptions{})
	plans := t.TempDir()
	if err := os.WriteFile(filepath.Join(plans, "dev.tfplan"), []byte(`{"format_version":"1.2"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	s.PlanEach(context.Background(), jobs(plans, "dev"))
	if slices.Contains(rep.masks, "Y2FuYXJ5LXB3LzcgcQ==") {
		t.Fatal("the test expects the derived forms unknown to the masks")
	}
	if _, err := os.Stat(filepath.Join(plans, "dev.tfplan")); !os.IsNotExist(err) {
		t.Errorf("the earlier plan file is still there: %v", err)
	}
}

// A successful plan: masked first, then released, then returned.
func TestAPlanIsMaskedBeforeItsOutputIsReleased(t *testing.T) {
	t.Setenv("FAKE_PLAN_OUTPUT", erroredOutput)
	t.Setenv("FAKE_PLAN_JSON", strings.Replace(erroredJSON, `"errored": true`, `"errored": false`, 1))
	s, rep, _ := openFake(t, SessionOptions{})
	shown, err := s.Plan(context.Background(), jobs(t.TempDir(), "dev")[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(shown) != 1 || len(shown[0].Plan.ResourceChanges) != 3 {
		t.Fatalf("shown %+v", shown)
	}
	first, last := -1, -1
	for i, e := range rep.events {
		if e == "mask" {
			last = i
		}
		if first < 0 && strings.Contains(e, "Terraform used the selected providers") {
			first = i
		}
	}
	if first < last || first < 0 {
		t.Errorf("terraform's output was released before the last mask: %v", rep.events)
	}
	for _, c := range erroredCanaries {
		if strings.Contains(rep.text(), c) {
			t.Errorf("%q is in the log", c)
		}
	}
}

// An apply's closing outputs are released once the outputs are read and
// masked, and withheld when they cannot be read.
func TestApplyOutputsAreMaskedBeforeTheyPrint(t *testing.T) {
	t.Setenv("FAKE_APPLY_OUTPUTS", "api_token = \"tok-canary-1234\"\n")
	t.Setenv("FAKE_OUTPUT_JSON", `{"api_token":{"sensitive":false,"type":"string","value":"tok-canary-1234"}}`)
	s, rep, _ := openFake(t, SessionOptions{})
	outs, err := s.Apply(context.Background(), "dev", "/tmp/dev.tfplan")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := outs["api_token"]; !ok || strings.Contains(rep.text(), "tok-canary") || !strings.Contains(rep.text(), "api_token = \"***\"") {
		t.Errorf("outputs %v, log:\n%s", outs, rep.text())
	}

	t.Setenv("FAKE_OUTPUT_FAIL", "1")
	s, rep, _ = openFake(t, SessionOptions{})
	if _, err := s.Apply(context.Background(), "dev", "/tmp/dev.tfplan"); err == nil {
		t.Error("unreadable outputs are not an error")
	}
	if strings.Contains(rep.text(), "tok-canary") || !strings.Contains(rep.text(), "are withheld") {
		t.Errorf("log:\n%s", rep.text())
	}
}

// Open reads the version of a terraform found on PATH once, for choosing
// it and running it alike.
func TestOpenReadsTheVersionOnce(t *testing.T) {
	log := filepath.Join(t.TempDir(), "calls.jsonl")
	t.Setenv("FAKE_TERRAFORM_LOG", log)
	t.Setenv("FAKE_TERRAFORM_VERSION", "1.11.4")
	exe, _ := os.Executable()
	bin := t.TempDir()
	if err := os.Symlink(exe, filepath.Join(bin, "terraform")); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte("terraform {\n  required_version = \">= 1.5\"\n}\n"), 0o644)
	s, err := Open(context.Background(), SessionOptions{Dir: dir, Engine: tfinstall.Request{Engine: step.Engine{Top: dir}, Settings: tfinstall.Settings{CacheDir: t.TempDir()}}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Plan(context.Background(), jobs(t.TempDir(), "dev")[0]); err != nil {
		t.Fatal(err)
	}
	var versions []string
	for _, c := range readCalls(t, log) {
		versions = append(versions, c.Args[0])
	}
	if n := strings.Count(strings.Join(versions, " "), "version"); n != 1 || versions[0] != "version" {
		t.Errorf("terraform commands %v: want one version, first", versions)
	}
}

// versionCalls counts the version commands in a fake terraform's log.
func versionCalls(t *testing.T, log string) int {
	t.Helper()
	n := 0
	for _, c := range readCalls(t, log) {
		if c.Args[0] == "version" {
			n++
		}
	}
	return n
}

// onPath puts a copy of the fake terraform (this test binary) on PATH as
// terraform and returns its path: a copy, so that replacing it is a change
// of the binary's identity.
func onPath(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	p := filepath.Join(bin, "terraform")
	copyFile(t, exe, p)
	t.Setenv("PATH", bin)
	return p
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	tmp := to + ".new"
	if err := os.WriteFile(tmp, b, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, to); err != nil {
		t.Fatal(err)
	}
}

// The version of a terraform on PATH is read once, then remembered
// against the binary's identity (in the cache the sessions share): a
// later session, and the workers that plan several environments at once,
// run no version command. terraform-exec would otherwise run one before
// init in every process (0.045 s of a 0.75 s deploy).
func TestASessionRunsTheVersionCommandOnlyForABinaryItHasNotSeen(t *testing.T) {
	log := filepath.Join(t.TempDir(), "calls.jsonl")
	t.Setenv("FAKE_TERRAFORM_LOG", log)
	t.Setenv("FAKE_TERRAFORM_VERSION", "1.11.4")
	bin := onPath(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte("terraform {\n  required_version = \">= 1.5\"\n}\n"), 0o644)
	cache := t.TempDir()
	open := func() *Session {
		t.Helper()
		s, err := Open(context.Background(), SessionOptions{Dir: dir, Engine: tfinstall.Request{Engine: step.Engine{Top: dir}, Settings: tfinstall.Settings{CacheDir: cache}}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	s := open()
	if _, err := s.Plan(context.Background(), jobs(t.TempDir(), "dev")[0]); err != nil {
		t.Fatal(err)
	}
	if n := versionCalls(t, log); n != 1 {
		t.Fatalf("first session: %d version commands, want 1", n)
	}

	again := open()
	for _, o := range again.PlanEach(context.Background(), jobs(t.TempDir(), "dev", "staging", "prod")) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
	}
	if n := versionCalls(t, log); n != 1 {
		t.Errorf("a second session and its three workers ran %d version commands in all, want the first session's 1", n)
	}
	if got := again.Version().String(); got != "1.11.4" {
		t.Errorf("remembered version %s, want 1.11.4", got)
	}

	// Another terraform at the same path is asked again.
	t.Setenv("FAKE_TERRAFORM_VERSION", "1.12.1")
	exe, _ := os.Executable()
	copyFile(t, exe, bin)
	third := open()
	if n := versionCalls(t, log); n != 2 {
		t.Errorf("after the binary was replaced: %d version commands in all, want 2", n)
	}
	if got := third.Version().String(); got != "1.12.1" {
		t.Errorf("version after the binary was replaced: %s, want 1.12.1", got)
	}
}

// A worker told no version asks terraform itself; one told a version that
// does not parse refuses the request and writes no result.
func TestAWorkerWithoutAKnownVersionAsksTerraform(t *testing.T) {
	log := filepath.Join(t.TempDir(), "calls.jsonl")
	t.Setenv("FAKE_TERRAFORM_LOG", log)
	t.Setenv("FAKE_TERRAFORM_VERSION", "1.11.4")
	exe, _ := os.Executable()
	private := t.TempDir()
	serve := func(v string) (string, error) {
		result := filepath.Join(private, "dev-"+v+".result.json")
		req, _ := json.Marshal(request{Dir: t.TempDir(), ExecPath: exe, Version: v, Result: result,
			Work: work{Environment: "dev", Private: private, Init: &initWork{}}})
		return result, ServeWorker(context.Background(), bytes.NewReader(req), io.Discard)
	}
	result, err := serve("")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(result); err != nil {
		t.Errorf("no result written: %v", err)
	}
	if n := versionCalls(t, log); n != 1 {
		t.Errorf("%d version commands, want 1: the worker was told no version", n)
	}
	if _, err := serve("1.11.4"); err != nil {
		t.Fatal(err)
	}
	if n := versionCalls(t, log); n != 1 {
		t.Errorf("%d version commands in all, want still 1: the worker was told the version", n)
	}
	result, err = serve("one.eleven")
	if err == nil || !strings.Contains(err.Error(), `version "one.eleven"`) {
		t.Errorf("err %v, want the garbled version named", err)
	}
	if _, statErr := os.Stat(result); statErr == nil {
		t.Error("a result was written for a refused request")
	}
}

// A terraform-path whose version cannot be read is bad input naming the
// input, in the binary's own words (exit 2), as is one too old.
func TestATerraformPathThatCannotSayItsVersionIsBadInput(t *testing.T) {
	bin := t.TempDir()
	for _, tc := range []struct{ name, script, want string }{
		{"missing", "", "is not a file"},
		{"broken", "#!/bin/sh\necho 'tfenv: no version is set for this directory' >&2\nexit 1\n", "no version is set for this directory"},
		{"old", "#!/bin/sh\necho '{\"terraform_version\":\"1.4.6\"}'\n", "is too old"},
		{"not json", "#!/bin/sh\necho 'Terraform v1.11.4'\n", "unexpected output"},
		{"endless", "#!/bin/sh\nhead -c 1000000 /dev/zero | tr '\\0' x >&2\necho ' the end' >&2\nexit 1\n", "x the end"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(bin, tc.name)
			if tc.script != "" {
				if err := os.WriteFile(p, []byte(tc.script), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			dir := t.TempDir()
			_, err := Open(context.Background(), SessionOptions{Dir: dir, Engine: tfinstall.Request{Engine: step.Engine{Path: p, Top: dir}, Settings: tfinstall.Settings{CacheDir: t.TempDir()}}})
			if step.ExitCode(err) != step.ExitUsage || !strings.Contains(err.Error(), "input terraform-path") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %.300v (exit %d), want bad input of terraform-path saying %q", err, step.ExitCode(err), tc.want)
			}
			if err != nil && len(err.Error()) > 3000 {
				t.Errorf("the error holds %d bytes of the binary's words, want at most its last 2,000", len(err.Error()))
			}
		})
	}
}

// In the action's image the default terraform is the bundle, whose
// manifest names its version: a session, plans in workers included, never
// runs `terraform version`.
func TestASessionOnTheImagesTerraformNeverAsksItsVersion(t *testing.T) {
	log := filepath.Join(t.TempDir(), "calls.jsonl")
	t.Setenv("FAKE_TERRAFORM_LOG", log)
	t.Setenv("FAKE_TERRAFORM_VERSION", "1.11.4")
	t.Setenv("PATH", t.TempDir()) // no terraform on PATH
	exe, _ := os.Executable()
	bundle := t.TempDir()
	if _, err := tfinstall.WriteBundle(bundle, exe, version.Must(version.NewVersion("1.11.4")), runtime.GOOS, runtime.GOARCH, "test", true); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.tf"), []byte("terraform {\n  required_version = \">= 1.5\"\n}\n"), 0o644)
	s, err := Open(context.Background(), SessionOptions{Dir: dir, Engine: tfinstall.Request{Engine: step.Engine{Top: dir}, Settings: tfinstall.Settings{CacheDir: t.TempDir(), Bundle: bundle}}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, o := range s.PlanEach(context.Background(), jobs(t.TempDir(), "dev", "staging")) {
		if o.Err != nil {
			t.Fatal(o.Err)
		}
	}
	if _, err := s.Module(context.Background(), dir, t.TempDir()); err != nil {
		t.Fatal(err)
	}
	var ran []string
	for _, c := range readCalls(t, log) {
		ran = append(ran, c.Args[0])
	}
	if slices.Contains(ran, "version") || !slices.Contains(ran, "plan") {
		t.Errorf("terraform commands %v: want plans and no version", ran)
	}
	if got := s.Version().String(); got != "1.11.4" {
		t.Errorf("version %s, want the manifest's 1.11.4", got)
	}
}

// Each module validate checks has what its secret variables are given
// masked before its terraform runs at all, as the session's own module.
func TestAModulesSecretInputsAreMaskedBeforeItsTerraformRuns(t *testing.T) {
	s, rep, _ := openFake(t, SessionOptions{Getenv: func(k string) string {
		return map[string]string{"TF_VAR_token": "canary-module-token-31c"}[k]
	}})
	mod := t.TempDir()
	os.WriteFile(filepath.Join(mod, "main.tf"), []byte("variable \"token\" {\n  type = string\n}\n"), 0o644)
	if _, err := s.Module(context.Background(), mod, ""); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(rep.masks, "canary-module-token-31c") {
		t.Errorf("masks %q: the module's token is not masked", rep.masks)
	}
}
