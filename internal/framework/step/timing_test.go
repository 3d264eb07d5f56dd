package step

import (
	"testing"
	"time"
)

func TestWaitIsBoundedByTheOneTimingVariable(t *testing.T) {
	env := map[string]string{}
	rt := &Runtime{Getenv: func(k string) string { return env[k] }}
	if got := rt.Wait(2 * time.Second); got != 2*time.Second {
		t.Errorf("unset: Wait(2s) = %v, want production's 2s", got)
	}
	env[TimingEnv] = "5ms"
	if got := rt.Wait(2 * time.Second); got != 5*time.Millisecond {
		t.Errorf("%s=5ms: Wait(2s) = %v, want 5ms", TimingEnv, got)
	}
	if got := rt.Wait(time.Millisecond); got != time.Millisecond {
		t.Errorf("%s=5ms: Wait(1ms) = %v, want 1ms (never longer than production)", TimingEnv, got)
	}
	for _, bad := range []string{"fast", "0", "-1s"} {
		env[TimingEnv] = bad
		if err := CheckTiming(func(k string) string { return env[k] }); ExitCode(err) != ExitUsage {
			t.Errorf("%s=%q: CheckTiming = %v, want bad input", TimingEnv, bad, err)
		}
	}
	env[TimingEnv] = ""
	if err := CheckTiming(func(k string) string { return env[k] }); err != nil {
		t.Errorf("unset: CheckTiming = %v", err)
	}
}
