// Package hostile is the attacker's root module of the trust tests and the
// checks that go with it, shared by the tests that run the binaries
// (internal/tests/trust) and those that run the image (internal/tests/imagetest): a
// module whose values try to command the runner and hold a secret in every
// shape a plan can, a change made by hand in its cloud, and the search of
// every channel of a run.
package hostile

import (
	"embed"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/testbed/fakegithub"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/harness"
)

//go:embed module
var module embed.FS

// Canaries are one secret of each shape a plan can hold. None may appear
// in any channel a step writes to.
var Canaries = map[string]string{
	"sensitive variable":                  "canary-sensitive-7f3a91",
	"secret-named key inside an object":   "canary-nested-52b8e0",
	"nonsensitive() under a secret name":  "canary-nonsens-c41d77",
	"numeric secret":                      "86420975",
	"numeric secret as Go prints it":      "8.6420975e+07",
	"secret with <>&\"":                   `canary<&>"html-9e2f`,
	"secret with <>&\" JSON-escaped":      `canary\u003c\u0026\u003e\"html-9e2f`,
	"multi-line secret, line 1":           "canary-multi-line-one",
	"multi-line secret, line 2":           "canary-multi-line-two",
	"secret changed by hand in the cloud": "canary-drifted-aa11",
	"secret-named value changed by hand":  "canary-drifted-named-bb22",
}

// Vars are the module's secrets as TF_VAR_* variables, the way a workflow
// passes secrets.
func Vars() map[string]string {
	return map[string]string{
		"TF_VAR_api_key":        Canaries["sensitive variable"],
		"TF_VAR_db_password":    Canaries["secret-named key inside an object"],
		"TF_VAR_admin_password": Canaries["nonsensitive() under a secret name"],
		"TF_VAR_pin":            Canaries["numeric secret"],
		"TF_VAR_html_secret":    Canaries["secret with <>&\""],
		"TF_VAR_multi_line":     Canaries["multi-line secret, line 1"] + "\n" + Canaries["multi-line secret, line 2"],
	}
}

// Commands are the names and data of the workflow commands the module's
// text tries to issue; none may be obeyed.
var Commands = []string{"x", "y", "z", "drift", "w"}

// Module writes the hostile root module into dir.
func Module(t testing.TB, dir string) {
	t.Helper()
	err := fs.WalkDir(module, "module", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, strings.TrimPrefix(strings.TrimPrefix(p, "module"), "/"))
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		b, err := module.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// DriftByHand edits the environment's service behind Terraform's back, the
// way a break-glass change in the console does: a hostile label, a new
// value of the sensitive env and of the secret-named one.
func DriftByHand(t testing.TB, dir, env string) {
	t.Helper()
	p := filepath.Join(dir, ".localcloud", env, "services", "hostile-"+env+".json")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		t.Fatal(err)
	}
	envs, _ := obj["env"].(map[string]any)
	if envs == nil {
		t.Fatalf("no env in %s", b)
	}
	envs["LABEL"] = "hand\r::stop-commands::drift\n::stop-commands::w"
	envs["API_KEY"] = Canaries["secret changed by hand in the cloud"]
	envs["DB_PASSWORD"] = Canaries["secret-named value changed by hand"]
	out, _ := json.MarshalIndent(obj, "", "  ")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// AssertSafe checks every channel of a run: the job log as the runner
// shows it, the raw output except the ::add-mask:: commands themselves,
// the summary, the outputs, and every request sent to GitHub (gh may be
// nil); and that hostile text issued no command and made no annotation.
func AssertSafe(t testing.TB, what string, res *harness.Result, gh *fakegithub.Server) {
	t.Helper()
	log := res.Log()
	if log.StopToken != "" {
		t.Errorf("%s: the runner is left with its commands stopped (token %q): hostile text took over", what, log.StopToken)
	}
	for _, c := range log.Commands {
		for _, h := range Commands {
			if c.Name == "stop-commands" && c.Data == h || strings.EqualFold(c.Name, h) {
				t.Errorf("%s: hostile text issued a command: %+v", what, c)
			}
		}
	}
	for _, a := range log.Annotations {
		if !strings.HasPrefix(a.Properties["title"], "olympus") {
			t.Errorf("%s: an annotation we did not make: %+v", what, a)
		}
	}
	raw := strings.Split(res.Stdout+"\n"+res.Stderr, "\n")
	for shape, c := range Canaries {
		if log.Contains(c) {
			t.Errorf("%s: the %s is in the job log", what, shape)
		}
		for _, line := range raw {
			if strings.Contains(line, c) && !strings.HasPrefix(line, "::add-mask::") {
				t.Errorf("%s: the %s was printed: %q", what, shape, line)
			}
		}
		for name, text := range map[string]string{"summary": res.Summary, "outputs": res.OutputFile} {
			if strings.Contains(text, c) {
				t.Errorf("%s: the %s is in the %s", what, shape, name)
			}
		}
		if gh != nil {
			for _, r := range gh.Requests() {
				if strings.Contains(r.Body, c) || strings.Contains(r.Query, c) {
					t.Errorf("%s: the %s was sent to GitHub: %s %s %s", what, shape, r.Method, r.Path, r.Body)
				}
			}
		}
	}
}
