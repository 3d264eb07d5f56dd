package step

import (
	"context"
	"time"
)

// TimingEnv is the one variable that makes steps wait less, for tests and
// benchmarks against emulators and fakes: a duration (such as 5ms) that
// bounds every pause between reads of something that takes time (a poll:
// a Cloud Run service reconciling, a Cloud SQL operation, a read retried)
// and every wait before checking a write (a settle: a pull request
// comment, a drift issue). Unset, each step waits as in production.
// Nothing else about a step changes with it, and no endpoint implies it.
const TimingEnv = "OLYMPUS_TEST_TIMING"

// Wait is how long to pause where production pauses d: d, or the bound
// TimingEnv sets when that is shorter. A value that is not a positive
// duration is a mistake in a test's set-up and fails the step as bad
// input before anything runs (CheckTiming).
func (rt *Runtime) Wait(d time.Duration) time.Duration {
	if bound, ok := timingBound(rt.Getenv); ok {
		return min(d, bound)
	}
	return d
}

// timingBound is TimingEnv's duration, and whether it is set and valid.
func timingBound(getenv func(string) string) (time.Duration, bool) {
	if getenv == nil {
		return 0, false
	}
	d, err := time.ParseDuration(getenv(TimingEnv))
	return d, err == nil && d > 0
}

// CheckTiming refuses a TimingEnv that is set but not a positive duration.
func CheckTiming(getenv func(string) string) error {
	if getenv == nil || getenv(TimingEnv) == "" {
		return nil
	}
	if _, ok := timingBound(getenv); !ok {
		return Usagef("environment variable %s=%q: not a positive duration such as 5ms; unset it outside tests", TimingEnv, getenv(TimingEnv))
	}
	return nil
}

// Sleep pauses d, or until ctx is done (then it returns ctx's error); the
// one pause of every step and adapter.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
