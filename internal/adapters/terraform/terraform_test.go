package terraform

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The test binary doubles as a fake terraform: with FAKE_TERRAFORM_LOG set it
// records its arguments and environment and answers like terraform would,
// so the command lines terraform-exec builds are checked without running
// terraform.
//
// Started as `terraform-worker`, it is a session's worker instead.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == WorkerCommand {
		if err := ServeWorker(context.Background(), os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		os.Exit(0)
	}
	if log := os.Getenv("FAKE_TERRAFORM_LOG"); log != "" {
		os.Exit(fakeTerraform(log))
	}
	os.Exit(m.Run())
}

type call struct {
	Args []string
	Dir  string
	Env  map[string]string
}

func fakeTerraform(log string) int {
	wd, _ := os.Getwd()
	c := call{Args: os.Args[1:], Dir: wd, Env: map[string]string{}}
	for _, k := range []string{"TF_IN_AUTOMATION", "TF_INPUT", "CHECKPOINT_DISABLE"} {
		c.Env[k] = os.Getenv(k)
	}
	f, err := os.OpenFile(log, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return 99
	}
	json.NewEncoder(f).Encode(c)
	f.Close()
	switch c.Args[0] {
	case "version":
		fmt.Printf(`{"terraform_version":%q,"platform":"linux_amd64","provider_selections":{},"terraform_outdated":false}`, os.Getenv("FAKE_TERRAFORM_VERSION"))
	case "init":
		fmt.Println("Terraform has been successfully initialized!")
	case "plan":
		return fakePlan(c.Args)
	case "show":
		if os.Getenv("FAKE_SHOW_FAIL") != "" {
			fmt.Fprintln(os.Stderr, "Error: Failed to read the given file as a state or plan file")
			return 1
		}
		if b, err := os.ReadFile(c.Args[len(c.Args)-1]); err == nil && len(b) > 0 {
			os.Stdout.Write(b)
			return 0
		}
		fmt.Print(`{"format_version":"1.2","terraform_version":"1.11.4","planned_values":{},"resource_changes":[],"configuration":{}}`)
	case "apply":
		fmt.Print("terraform_data.x: Creating...\n\nApply complete! Resources: 1 added, 0 changed, 0 destroyed.\n\nOutputs:\n\n")
		fmt.Print(os.Getenv("FAKE_APPLY_OUTPUTS"))
	case "output":
		if os.Getenv("FAKE_OUTPUT_FAIL") != "" {
			fmt.Fprintln(os.Stderr, "Error: state unreadable")
			return 1
		}
		fmt.Print(os.Getenv("FAKE_OUTPUT_JSON"))
	}
	return 0
}

// fakePlan prints FAKE_PLAN_OUTPUT, saves FAKE_PLAN_JSON as the plan
// (unless FAKE_PLAN_SAVE=0), and fails when FAKE_PLAN_FAIL is set; {env}
// in either is the plan file's name without .tfplan.
func fakePlan(args []string) int {
	out := ""
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "-out="); ok {
			out = v
		}
	}
	env := strings.TrimSuffix(filepath.Base(out), ".tfplan")
	fmt.Print(strings.ReplaceAll(os.Getenv("FAKE_PLAN_OUTPUT"), "{env}", env))
	if j := os.Getenv("FAKE_PLAN_JSON"); j != "" && os.Getenv("FAKE_PLAN_SAVE") != "0" && out != "" {
		os.WriteFile(out, []byte(strings.ReplaceAll(j, "{env}", env)), 0o644)
	}
	if os.Getenv("FAKE_PLAN_FAIL") != "" {
		fmt.Fprintln(os.Stderr, "\nError: Invalid value for variable\n\nnot prod")
		return 1
	}
	return 2 // -detailed-exitcode: changes present
}

func newFake(t *testing.T, version string) (*Terraform, string) {
	t.Helper()
	log := filepath.Join(t.TempDir(), "calls.jsonl")
	t.Setenv("FAKE_TERRAFORM_LOG", log)
	t.Setenv("FAKE_TERRAFORM_VERSION", version)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tf, err := New(context.Background(), Options{ExecPath: exe, Dir: dir, LockTimeout: 90 * time.Second})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return tf, log
}

func readCalls(t *testing.T, log string) []call {
	t.Helper()
	f, err := os.Open(log)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var calls []call
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var c call
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		calls = append(calls, c)
	}
	return calls
}

// lastCall returns the last call that is not a version probe.
func lastCall(t *testing.T, log string) call {
	t.Helper()
	calls := readCalls(t, log)
	for i := len(calls) - 1; i >= 0; i-- {
		if calls[i].Args[0] != "version" {
			return calls[i]
		}
	}
	t.Fatal("no terraform command was run")
	return call{}
}

func TestInitUsesTheEnvironmentBackendAndReconfigures(t *testing.T) {
	tf, log := newFake(t, "1.11.4")
	if err := tf.Init(context.Background(), "environments/dev/backend.tfbackend"); err != nil {
		t.Fatal(err)
	}
	c := lastCall(t, log)
	for _, want := range []string{"init", "-no-color", "-input=false", "-reconfigure", "-upgrade=false", "-backend-config=environments/dev/backend.tfbackend"} {
		if !slices.Contains(c.Args, want) {
			t.Errorf("init args %q lack %q", c.Args, want)
		}
	}
	if c.Env["TF_IN_AUTOMATION"] != "1" {
		t.Errorf("TF_IN_AUTOMATION = %q, want 1", c.Env["TF_IN_AUTOMATION"])
	}
}

func TestPlanSavesToFileWithVarFileAndLockTimeout(t *testing.T) {
	tf, log := newFake(t, "1.11.4")
	changed, err := tf.Plan(context.Background(), PlanOptions{Out: "/tmp/x.tfplan", VarFiles: []string{"environments/dev/terraform.tfvars"}})
	if err != nil {
		t.Fatal(err)
	}
	if !changed {
		t.Error("exit code 2 of plan -detailed-exitcode should mean changes")
	}
	c := lastCall(t, log)
	want := []string{"plan", "-no-color", "-input=false", "-detailed-exitcode", "-lock-timeout=1m30s", "-out=/tmp/x.tfplan",
		"-var-file=environments/dev/terraform.tfvars", "-lock=true", "-parallelism=10", "-refresh=true"}
	if diff := cmp.Diff(want, c.Args); diff != "" {
		t.Errorf("plan args (-want +got):\n%s", diff)
	}
}

func TestApplyAppliesTheSavedPlanOnly(t *testing.T) {
	tf, log := newFake(t, "1.11.4")
	if err := tf.Apply(context.Background(), "/tmp/x.tfplan", nil); err != nil {
		t.Fatal(err)
	}
	c := lastCall(t, log)
	if c.Args[0] != "apply" || c.Args[len(c.Args)-1] != "/tmp/x.tfplan" {
		t.Errorf("apply args %q: want apply ... /tmp/x.tfplan", c.Args)
	}
	for _, want := range []string{"-no-color", "-input=false", "-auto-approve", "-lock-timeout=1m30s"} {
		if !slices.Contains(c.Args, want) {
			t.Errorf("apply args %q lack %q", c.Args, want)
		}
	}
	for _, a := range c.Args {
		if strings.HasPrefix(a, "-var") || a == "-refresh-only" {
			t.Errorf("apply of a saved plan must not take %q", a)
		}
	}
}

func TestShowPlanIsNotStreamed(t *testing.T) {
	var streamed strings.Builder
	tf, log := newFake(t, "1.11.4")
	tf.stdout.w = &streamed
	p, err := tf.ShowPlan(context.Background(), "/tmp/x.tfplan")
	if err != nil {
		t.Fatal(err)
	}
	if p.FormatVersion != "1.2" {
		t.Errorf("format_version = %q", p.FormatVersion)
	}
	if diff := cmp.Diff([]string{"show", "-json", "-no-color", "/tmp/x.tfplan"}, lastCall(t, log).Args); diff != "" {
		t.Errorf("show args (-want +got):\n%s", diff)
	}
	if streamed.Len() != 0 {
		t.Errorf("show -json output was streamed to the log: %q", streamed.String())
	}
}

func TestOldTerraformIsRefused(t *testing.T) {
	log := filepath.Join(t.TempDir(), "calls.jsonl")
	t.Setenv("FAKE_TERRAFORM_LOG", log)
	t.Setenv("FAKE_TERRAFORM_VERSION", "1.4.7")
	exe, _ := os.Executable()
	_, err := New(context.Background(), Options{ExecPath: exe, Dir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "1.4.7") || !strings.Contains(err.Error(), ">= 1.5") {
		t.Fatalf("New with terraform 1.4.7: err = %v, want a refusal naming the version and the minimum", err)
	}
}

func TestMissingTerraformSaysHowToGetOne(t *testing.T) {
	_, err := Find(filepath.Join(t.TempDir(), "terraform"))
	if err == nil || !strings.Contains(err.Error(), "hc-install") {
		t.Fatalf("Find of a missing binary: err = %v, want install instructions", err)
	}
}
