// Package cli is the olympus command: it picks the step, reads its inputs
// from INPUT_* (inside GitHub Actions) or flags (elsewhere), runs it and
// turns the result into an exit code. It takes its streams and environment
// as arguments so tests can run it in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/sethvargo/go-githubactions"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/terraform"
	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"github.com/olympus-cloud/deploy-actions/internal/domain/plan"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Version and Commit are set at build time with -ldflags
// "-X ...cli.Version=v1.2.3 -X ...cli.Commit=<sha>" (make dist does).
var (
	Version = "dev"
	Commit  = "unknown"
)

// delegatedEnv is set for a step run in its own binary (see delegate), so
// that the banner is printed once.
const delegatedEnv = "OLYMPUS_DELEGATED"

// Run runs olympus with args (without the program name) over the given
// steps and returns the process exit code.
func Run(ctx context.Context, all []*step.Spec, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	find := func(name string) *step.Spec {
		for _, s := range all {
			if s.Name == name {
				return s
			}
		}
		return nil
	}
	if len(args) == 0 {
		writeUsage(stderr, all)
		return step.ExitUsage
	}
	switch name := args[0]; name {
	case "help", "-h", "--help", "-help":
		if len(args) > 1 {
			if s := find(args[1]); s != nil {
				s.WriteHelp(stdout)
				return step.ExitOK
			}
			fmt.Fprintf(stderr, "olympus: unknown step %q\n", args[1])
			return step.ExitUsage
		}
		writeUsage(stdout, all)
		return step.ExitOK
	case "version", "--version":
		fmt.Fprintf(stdout, "olympus %s (commit %s)\n", Version, Commit)
		return step.ExitOK
	case "plan-key":
		return planKey(args[1:], stdout, stderr)
	case "policy":
		return policyCommand(ctx, args[1:], stdout, stderr, getenv)
	case terraform.WorkerCommand:
		// Hidden: a terraform session's worker (see terraform.ServeWorker).
		if err := terraform.ServeWorker(ctx, os.Stdin, stdout); err != nil {
			fmt.Fprintf(stderr, "olympus: %v\n", err)
			return step.ExitExternal
		}
		return step.ExitOK
	default:
		s := find(name)
		if s == nil {
			fmt.Fprintf(stderr, "olympus: unknown step %q; run 'olympus help' for the list\n", name)
			return step.ExitUsage
		}
		return runStep(ctx, s, secretInputs(all), args[1:], stdout, stderr, getenv)
	}
}

// runStep runs s; secrets are the secret inputs of every step (secretInputs).
func runStep(ctx context.Context, s *step.Spec, secrets map[string]bool, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if getenv(delegatedEnv) == "" {
		// The first line of every step's log says what ran.
		fmt.Fprintf(stderr, "olympus %s (commit %s): %s\n", Version, shortCommit(), s.Name)
	}
	if s.Run == nil && s.Binary != "" {
		// The step's binary reads its own inputs, then removes them as
		// below; it never sees another step's secrets.
		for _, def := range s.Inputs {
			delete(secrets, inputKey(def.Name))
		}
		return delegate(ctx, s, withoutInputs(os.Environ(), secrets), args, stdout, stderr)
	}
	rep := report.New(stdout, stderr, getenv)
	defer rep.Close()
	actions := getenv("GITHUB_ACTIONS") == "true"
	gh, err := step.LoadGitHub(getenv)
	if gh.Token != "" {
		rep.Mask(gh.Token)
	}
	// The job's own credentials: a root module can read the process's
	// environment (file("/proc/self/environ")) into a value we render.
	for _, s := range jobCredentials(getenv) {
		rep.Mask(s)
	}
	if gh.Actions {
		// Nothing we start needs the runner's tokens: terraform, its
		// providers and tflint never see them.
		for _, k := range runnerTokens {
			os.Unsetenv(k)
		}
	}
	if err != nil {
		return fail(rep, actions, step.Usagef("%v", err))
	}
	if err := step.CheckTiming(getenv); err != nil {
		return fail(rep, actions, err)
	}

	var in step.Inputs
	if gh.Actions {
		if len(args) > 0 {
			return fail(rep, actions, step.Usagef("unexpected argument %q: inside GitHub Actions inputs come from the action's with: block", args[0]))
		}
		action := githubactions.New(githubactions.WithGetenv(getenv))
		for _, def := range s.Inputs {
			if def.Secret {
				rep.Mask(action.GetInput(def.Name))
			}
		}
		in, err = s.FromActions(action.GetInput)
	} else {
		in, err = s.FromFlags(args, stdout)
		if errors.Is(err, step.ErrHelp) {
			return step.ExitOK
		}
	}
	// Read, the secret inputs leave the environment before anything is
	// started: terraform, its providers, tflint and run: checks never see
	// the GitHub token or the plan key, in either spelling of the name.
	unsetInputs(secrets)
	if err != nil {
		return fail(rep, actions, err)
	}
	for _, def := range s.Inputs {
		if def.Secret {
			rep.Mask(in.String(def.Name))
		}
	}
	if t, _ := in.Lookup("github-token"); t != "" {
		gh.Token = t
	}
	wd, err := os.Getwd()
	if err != nil {
		return fail(rep, actions, fmt.Errorf("failed to read the working directory: %w", err))
	}
	rt := &step.Runtime{
		Inputs:  in,
		Report:  rep,
		GitHub:  gh,
		Getenv:  getenv,
		Stderr:  rep.Untrusted(),
		Workdir: wd,
	}
	return fail(rep, actions, s.Run(ctx, rt))
}

// fail reports err as the step's last word and returns its exit code:
// inside Actions an error annotation titled with its kind; at a terminal
// one line, "error: " and the message, bad input said as the flag, its
// value and what to give ("error: olympus: bad input: input environment:
// invalid value" said the same thing three times).
func fail(rep step.Reporter, actions bool, err error) int {
	code := step.ExitCode(err)
	if err == nil {
		return code
	}
	kind := map[int]string{
		step.ExitVerdict:  "refused",
		step.ExitUsage:    "bad input",
		step.ExitExternal: "failed",
	}[code]
	if actions {
		rep.Annotate(step.Annotation{Level: "error", Title: "olympus: " + kind, Message: err.Error()})
		return code
	}
	msg := err.Error()
	var bad *step.InvalidInput
	var echoed fault.Echoed
	switch {
	case errors.As(err, &echoed) && strings.Contains(msg, echoed.Echoed()):
		msg = strings.Replace(msg, echoed.Echoed(), " (its output above says why)", 1)
	case errors.As(err, &bad) && bad.Error() == msg:
		msg = bad.Flag()
	case code == step.ExitVerdict:
		msg = "refused: " + msg
	}
	rep.Annotate(step.Annotation{Level: "error", Message: msg})
	return code
}

func shortCommit() string {
	if len(Commit) > 12 {
		return Commit[:12]
	}
	return Commit
}

func writeUsage(w io.Writer, all []*step.Spec) {
	var b strings.Builder
	b.WriteString("usage: olympus <step> [--input value ...]\n\nSteps:\n")
	for _, s := range all {
		fmt.Fprintf(&b, "  %-17s %s\n", s.Name, firstSentence(s.Description))
	}
	b.WriteString("\nOther commands:\n  help [step]       show this list, or a step's inputs and outputs\n" +
		"  plan-key          print a new key for deploy's plan-encryption-key (store it in a secret)\n" +
		"  policy test [DIR] run the Rego policies' own unit tests (test_ rules; DIR default policy)\n  version           print the version\n")
	b.WriteString("\nExit codes: 0 success; 1 negative verdict (findings, drift, refusal); 2 bad input or usage; 3 an external system failed.\n")
	io.WriteString(w, b.String())
}

func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}

// planKey prints a new age identity for plan-encryption-key, in the form
// age-keygen writes (the comment is ignored when it is read back).
func planKey(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintf(stderr, "olympus: plan-key takes no arguments; it prints a new key, e.g. olympus plan-key | gh secret set PLAN_ENCRYPTION_KEY\n")
		return step.ExitUsage
	}
	secret, _, err := plan.NewKey()
	if err != nil {
		fmt.Fprintf(stderr, "olympus: failed to make a key: %v\n", err)
		return step.ExitExternal
	}
	fmt.Fprintf(stdout, "# olympus plan-key: deploy's plan-encryption-key (age, post-quantum); keep it in a secret, never in the repository\n%s\n", secret)
	return step.ExitOK
}

// Main runs the command line of a binary: a cancelled job sends SIGINT,
// then SIGTERM 7.5 s later, then SIGKILL. The first signal cancels the
// context, which interrupts terraform so it can release its state lock;
// the second tells the step to print what is still locked while it can.
func Main(all []*step.Spec) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cleanup, err := prepareProcess(os.Getenv, os.Setenv, os.Stderr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "olympus: %v\n", err)
		return step.ExitExternal
	}
	defer cleanup()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	escalated := make(chan struct{})
	go func() {
		<-sigs
		cancel()
		<-sigs
		close(escalated)
	}()
	return Run(step.WithEscalation(ctx, escalated), all, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
}
