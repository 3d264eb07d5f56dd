package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/regopolicy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

const policyUsage = `usage: olympus policy test [-v] [DIR]

Runs the Rego unit tests of the policies in DIR (default: policy): every
test_ rule of every .rego file under it, with the Open Policy Agent's tester.
Prints each failing test (each test with -v), then "N passed, N failed".
Exit 0 when every test passes, 1 when one fails or there is none, 2 when a
policy does not parse or compile (each error at file:line).
`

// policyCommand runs `olympus policy ...`.
func policyCommand(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 || args[0] != "test" {
		io.WriteString(stderr, policyUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return step.ExitOK
		}
		return step.ExitUsage
	}
	fs := flag.NewFlagSet("olympus policy test", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { io.WriteString(stderr, policyUsage) }
	verbose := fs.Bool("v", false, "print every test, not only the failing ones")
	if err := fs.Parse(args[1:]); err != nil {
		if err == flag.ErrHelp {
			return step.ExitOK
		}
		return step.ExitUsage
	}
	if fs.NArg() > 1 {
		fmt.Fprintf(stderr, "olympus policy test: one directory at most, got %q\n", fs.Args())
		return step.ExitUsage
	}
	shown := regopolicy.DefaultDir
	if fs.NArg() == 1 {
		shown = fs.Arg(0)
	}
	shown = strings.TrimSuffix(filepath.ToSlash(filepath.Clean(shown)), "/")
	rep := report.New(stdout, stderr, getenv)
	defer rep.Close()
	if st, err := os.Stat(shown); err != nil || !st.IsDir() {
		return fail(rep, getenv("GITHUB_ACTIONS") == "true", step.Usagef("policy test: %q is not a directory of policies; give the directory that holds the .rego files", shown))
	}
	results, err := regopolicy.Test(ctx, shown, shown)
	if es := regopolicy.AsErrors(err); len(es) > 0 {
		for _, e := range es {
			rep.Annotate(step.Annotation{Level: "error", File: e.File, Line: e.Line, Title: "olympus: malformed policy", Message: e.Message})
		}
		return step.ExitUsage
	}
	if err != nil {
		return fail(rep, getenv("GITHUB_ACTIONS") == "true", err)
	}
	passed, failed := 0, 0
	for _, r := range results {
		if r.Passed() {
			passed++
			if *verbose {
				fmt.Fprintf(stdout, "PASS %s (%s:%d, %s)\n", r.Name, r.File, r.Line, r.Duration.Round(time.Microsecond))
			}
			continue
		}
		failed++
		why := "false or undefined"
		if r.Err != "" {
			why = r.Err
		}
		fmt.Fprintf(stdout, "FAIL %s (%s:%d): %s\n", r.Name, r.File, r.Line, why)
		if r.Output != "" {
			fmt.Fprintf(stdout, "  printed:\n    %s\n", strings.ReplaceAll(r.Output, "\n", "\n    "))
		}
		rep.Annotate(step.Annotation{Level: "error", File: r.File, Line: r.Line, Title: "olympus: policy test failed", Message: r.Name + ": " + why})
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	switch {
	case failed > 0:
		return step.ExitVerdict
	case passed == 0:
		fmt.Fprintf(stderr, "olympus policy test: no test_ rule in %q; write tests beside the policies (name_test.rego)\n", shown)
		return step.ExitVerdict
	}
	return step.ExitOK
}
