package trust_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/hostile"
)

// A terraform-path that cannot say its version is bad input in the
// binary's own words (its last lines on stderr): those words are a tool's,
// untrusted. Here they quote the module's secrets (from TF_VAR_*) and try
// to stop the runner's commands and make annotations; every step that
// runs terraform refuses with exit 2, and no secret or command gets
// through any channel.
func TestAnEnginesWordsOnFailingToSayItsVersionAreSafe(t *testing.T) {
	script := "#!/bin/sh\n" +
		"echo \"version: cannot read $TF_VAR_api_key / $TF_VAR_db_password / $TF_VAR_pin\" >&2\n" +
		"echo '::stop-commands::x' >&2\n" +
		"printf '\\r::error title=y::hostile annotation\\n' >&2\n" +
		"echo '::w::hostile command' >&2\n" +
		"echo 'tfenv: no version is set for this directory' >&2\n" +
		"exit 1\n"
	steps := map[string]map[string]string{
		"deploy":          {"environment": "dev"},
		"plan-comment":    {"environments": "dev"},
		"drift-reconcile": {"environments": "dev"},
		"validate":        {"checks": "validate"},
	}
	for step, inputs := range steps {
		t.Run(step, func(t *testing.T) {
			gh := fakegithub.New(t, harness.Token)
			dir := hostileModule(t)
			tf := filepath.Join(dir, "bin", "terraform")
			if err := os.MkdirAll(filepath.Dir(tf), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(tf, []byte(script), 0o755); err != nil {
				t.Fatal(err)
			}
			in := map[string]string{"terraform-path": tf}
			for k, v := range inputs {
				in[k] = v
			}
			res := run(t, gh, dir, step, in, harness.Event{})
			if res.ExitCode != 2 || !strings.Contains(res.Stdout+res.Stderr, "no version is set for this directory") {
				t.Fatalf("exit %d, want 2 in the binary's words\n%s\n%s", res.ExitCode, res.Stdout, res.Stderr)
			}
			hostile.AssertSafe(t, step, res, gh)
		})
	}
}
