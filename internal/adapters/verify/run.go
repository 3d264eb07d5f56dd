package verify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// DefaultTotal bounds all the checks of one deploy together.
const DefaultTotal = 10 * time.Minute

// Runner runs checks after an apply.
type Runner struct {
	// Redact removes secrets from text: every URL, body, command output
	// and error of a Result passes through it. Required; the step passes
	// its reporter's Redact (internal/framework/report).
	Redact func(string) string
	// Client requests the URLs; nil is NewClient().
	Client *http.Client
	// Dir is the workspace, where run: commands run.
	Dir string
	// Env is the environment of run: commands; the step passes
	// CommandEnv(os.Environ()).
	Env []string
	// Outputs are the root module's outputs after the apply, by name,
	// with their real values (sensitive ones too: what is shown is
	// redacted), for output: checks.
	Outputs map[string]any
	// Total bounds all checks together; zero is DefaultTotal. A check
	// not started when it runs out fails, saying so.
	Total time.Duration
	// Backoff is the wait before attempt n+1 after attempt n failed
	// (n from 1); nil is ExponentialBackoff.
	Backoff func(n int) time.Duration
}

// ExponentialBackoff waits 2s after the first failed attempt, then twice
// as long each time, at most 30s: five attempts of a check that never
// answers take 5 timeouts and 30s of waiting.
func ExponentialBackoff(n int) time.Duration {
	return min(2*time.Second<<min(n-1, 5), 30*time.Second)
}

// Result is the outcome of one check. Every text in it is redacted.
type Result struct {
	Check Check
	// Target is what was checked: the URL (for an output check, the
	// output's value), or the command.
	Target string
	Passed bool
	// Attempts is how many attempts were made.
	Attempts int
	// Status is the last HTTP status received, 0 when none was.
	Status int
	// Excerpt is the start of the last response body, at most
	// ExcerptLen characters.
	Excerpt string
	// ExitCode is a run: command's last exit code, -1 when it did not
	// exit by itself (timeout, not started).
	ExitCode int
	// Output is a run: command's last attempt's output (stdout and
	// stderr), its last MaxOutput bytes: print it through the fenced
	// console (report's Untrusted writer), never as workflow text.
	Output string
	// Err says why the check failed, empty when it passed.
	Err string
}

// Passed reports whether every check passed.
func Passed(results []Result) bool {
	for _, r := range results {
		if !r.Passed {
			return false
		}
	}
	return true
}

// Run runs the checks one after another, each attempt bounded by the
// check's timeout and all of them by Total, and returns a result per
// check, in order. A failed attempt is tried again after Backoff until
// the check's attempts are spent (every check is a GET or a command the
// user asked to repeat, so repeating is safe). Cancelling ctx (a signal)
// stops the attempt under way, interrupting a command.
func (r *Runner) Run(ctx context.Context, checks []Check) []Result {
	if r.Redact == nil {
		panic("verify: Runner.Redact is required")
	}
	total := r.Total
	if total == 0 {
		total = DefaultTotal
	}
	ctx, cancel := context.WithTimeout(ctx, total)
	defer cancel()
	client := r.Client
	if client == nil {
		client = NewClient()
	}
	backoff := r.Backoff
	if backoff == nil {
		backoff = ExponentialBackoff
	}
	out := make([]Result, 0, len(checks))
	for _, c := range checks {
		res := Result{Check: c, ExitCode: -1}
		var attempt func(context.Context, *Result) error
		if c.HTTP() {
			target, err := r.url(c)
			res.Target = r.Redact(target)
			if err != nil {
				res.Err = r.Redact(err.Error())
				out = append(out, r.redacted(res))
				continue
			}
			attempt = func(ctx context.Context, res *Result) error { return r.get(ctx, client, target, res) }
		} else {
			res.Target = r.Redact(c.Run)
			attempt = r.command
		}
		r.attempts(ctx, c, &res, attempt, backoff, total)
		out = append(out, r.redacted(res))
	}
	return out
}

// attempts tries a check until it passes or its attempts are spent.
func (r *Runner) attempts(ctx context.Context, c Check, res *Result, attempt func(context.Context, *Result) error,
	backoff func(int) time.Duration, total time.Duration) {
	for n := 1; n <= c.Attempts; n++ {
		if n > 1 && step.Sleep(ctx, backoff(n-1)) != nil {
			break
		}
		if ctx.Err() != nil {
			break
		}
		res.Attempts = n
		actx, cancel := context.WithTimeout(ctx, c.Timeout)
		err := attempt(actx, res)
		timedOut := errors.Is(actx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
		cancel()
		if err == nil {
			res.Passed, res.Err = true, ""
			return
		}
		if timedOut {
			err = fmt.Errorf("no answer within %s (the check's timeout)", c.Timeout)
		}
		res.Err = r.Redact(err.Error())
	}
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && res.Attempts == 0:
		res.Err = fmt.Sprintf("not run: the checks' total time (%s) ran out", total)
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		res.Err += fmt.Sprintf(" (stopped: the checks' total time, %s, ran out)", total)
	case ctx.Err() != nil && res.Attempts == 0:
		res.Err = "not run: the deploy was cancelled"
	case ctx.Err() != nil:
		res.Err += " (stopped: the deploy was cancelled)"
	}
}

// redacted is res with the check's own texts redacted too.
func (r *Runner) redacted(res Result) Result {
	res.Check.URL, res.Check.Run, res.Check.Contains = r.Redact(res.Check.URL), r.Redact(res.Check.Run), r.Redact(res.Check.Contains)
	return res
}

// url is the URL an HTTP check requests: its url, or its output's value.
func (r *Runner) url(c Check) (string, error) {
	if c.URL != "" {
		return c.URL, nil
	}
	v, ok := r.Outputs[c.Output]
	if !ok {
		return "", fmt.Errorf("the apply left no output %q; check that the root module declares it and that it is set", c.Output)
	}
	s, ok := v.(string)
	if !ok {
		return "", fmt.Errorf("output %q is a %T, not a URL; give an output whose value is a URL such as https://api.example.com/healthz", c.Output, v)
	}
	if err := checkURL(s); err != nil {
		return s, fmt.Errorf("output %q: %v", c.Output, err)
	}
	return s, nil
}
