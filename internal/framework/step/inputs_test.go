package step

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func testSpec() *Spec {
	return &Spec{
		Name: "t",
		Inputs: []Input{
			{Name: "environment", Required: true, Validate: OneOf("dev", "prod")},
			{Name: "dry-run", Bool: true, Default: "false"},
			{Name: "plan-json", Repeatable: true},
			{Name: "timeout", Default: "5m", Validate: Duration},
			{Name: "token", Secret: true, Validate: func(string) error { return errors.New("bad token") }},
		},
	}
}

func TestFromFlags(t *testing.T) {
	in, err := testSpec().FromFlags([]string{"--environment", "dev", "--dry-run", "--plan-json=dev=a.json", "--plan-json", "prod=b.json"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"environment": "dev", "dry-run": "true", "plan-json": "dev=a.json\nprod=b.json", "timeout": "5m", "token": ""}
	if diff := cmp.Diff(want, in.values); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if !in.Bool("dry-run") || in.Duration("timeout").Minutes() != 5 || len(in.List("plan-json")) != 2 {
		t.Errorf("typed getters: %v %v %v", in.Bool("dry-run"), in.Duration("timeout"), in.List("plan-json"))
	}
}

func TestFromActionsAppliesDefaultsAndTrims(t *testing.T) {
	env := map[string]string{"environment": " prod \n"}
	in, err := testSpec().FromActions(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if in.String("environment") != "prod" || in.String("timeout") != "5m" || in.Bool("dry-run") {
		t.Errorf("inputs = %v", in)
	}
}

func TestValidationNamesInputValueAndFix(t *testing.T) {
	_, err := testSpec().FromActions(func(k string) string {
		return map[string]string{"environment": "dev", "dry-run": "maybe"}[k]
	})
	var u *UsageError
	if !errors.As(err, &u) || ExitCode(err) != ExitUsage {
		t.Fatalf("err = %v, want a usage error", err)
	}
	if !strings.Contains(err.Error(), "input dry-run") || !strings.Contains(err.Error(), `"maybe"`) || !strings.Contains(err.Error(), "true or false") {
		t.Errorf("err = %v", err)
	}
}

func TestSecretValuesAreNotEchoedInErrors(t *testing.T) {
	_, err := testSpec().FromActions(func(k string) string {
		return map[string]string{"environment": "dev", "token": "hunter2-secret"}[k]
	})
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("err = %v, want an error that hides the value", err)
	}
}

func TestExitCodes(t *testing.T) {
	for err, want := range map[error]int{
		nil:                        ExitOK,
		Usagef("x"):                ExitUsage,
		Refusef("x"):               ExitVerdict,
		errors.New("network down"): ExitExternal,
		errors.Join(Refusef("y")):  ExitVerdict,
	} {
		if got := ExitCode(err); got != want {
			t.Errorf("ExitCode(%v) = %d, want %d", err, got, want)
		}
	}
}

// A name the spec does not declare is a programming error: reading it
// panics instead of reading "", so a misspelt input fails every test that
// reaches it.
func TestReadingAnUndeclaredInputPanics(t *testing.T) {
	in, err := testSpec().FromFlags([]string{"--environment", "dev"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	for name, read := range map[string]func(){
		"String":   func() { in.String("enviroment") },
		"Bool":     func() { in.Bool("dryrun") },
		"Duration": func() { in.Duration("time-out") },
		"List":     func() { in.List("plan_json") },
	} {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), "does not declare") {
					t.Errorf("%s of an undeclared input: recovered %v, want a panic naming it", name, r)
				}
			}()
			read()
		}()
	}
	if v, ok := in.Lookup("github-token"); ok || v != "" {
		t.Errorf("Lookup of an undeclared input = %q, %v", v, ok)
	}
	if got := in.String("token"); got != "" {
		t.Errorf("a declared input left empty reads %q", got)
	}
}

func TestNewInputsRefusesUndeclaredNames(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("NewInputs with an undeclared name did not panic")
		}
	}()
	testSpec().NewInputs(map[string]string{"environmnet": "dev"})
}
