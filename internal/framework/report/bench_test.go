package report

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

// BenchmarkMask20000Secrets registers 20,000 secrets the way a large plan
// does (each through Mask, which also writes its ::add-mask:: commands)
// and then redacts 1 MB of log that holds some of them: the whole cost a
// step pays for its secrets. The target is 0.2 s per op.
func BenchmarkMask20000Secrets(b *testing.B) {
	secrets := make([]string, 20000)
	for i := range secrets {
		secrets[i] = fmt.Sprintf("secret-%08d-%x", i, i*7919)
	}
	var log strings.Builder
	for i := 0; log.Len() < 1<<20; i++ {
		fmt.Fprintf(&log, "line %d of terraform output with %s in it\n", i, secrets[(i*37)%len(secrets)])
	}
	text := log.String()
	env := map[string]string{"GITHUB_ACTIONS": "true"}
	b.ResetTimer()
	for b.Loop() {
		rep := New(io.Discard, io.Discard, func(k string) string { return env[k] })
		for _, s := range secrets {
			rep.Mask(s)
		}
		if out := rep.Redact(text); strings.Contains(out, secrets[37]) {
			b.Fatal("a secret survived")
		}
	}
}
