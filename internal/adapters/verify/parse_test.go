package verify

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

func TestParse(t *testing.T) {
	got, err := Parse(`
- url: https://api.example.com/healthz
- output: service_url
  status: 204
  contains: ok
  timeout: 30s
  attempts: 3
- run: ./smoke.sh dev
- url: http://127.0.0.1:8080/x
  timeout: 2
  status: 301
`)
	if err != nil {
		t.Fatal(err)
	}
	want := []Check{
		{Entry: 1, URL: "https://api.example.com/healthz", Status: 200, Timeout: 10 * time.Second, Attempts: 5},
		{Entry: 2, Output: "service_url", Status: 204, Contains: "ok", Timeout: 30 * time.Second, Attempts: 3},
		{Entry: 3, Run: "./smoke.sh dev", Timeout: 5 * time.Minute, Attempts: 1},
		{Entry: 4, URL: "http://127.0.0.1:8080/x", Status: 301, Timeout: 2 * time.Second, Attempts: 5},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	for _, empty := range []string{"", "  \n", "# no checks yet\n"} {
		if got, err := Parse(empty); err != nil || got != nil {
			t.Errorf("%q: %v %v", empty, got, err)
		}
	}
}

// Bad input names the entry, the key, the value and the fix, and is
// exit 2.
func TestParseRefusesBadInput(t *testing.T) {
	for _, tc := range []struct {
		desc, in string
		want     []string
	}{
		{"malformed YAML", "- url: [https://x\n", []string{"input verify: not valid YAML (line", "give a list of checks, such as:"}},
		{"not a list", "url: https://x", []string{"input verify: not a list of checks; start each check with \"- \""}},
		{"an entry that is not a mapping", "- https://x", []string{`input verify, entry 1: invalid value "https://x": a check is a mapping with url:, output: or run:`}},
		{"a URL without scheme", "- url: api.example.com/healthz",
			[]string{`input verify, entry 1, key url: invalid value "api.example.com/healthz": the URL has no scheme; give it whole, such as https://api.example.com/healthz`}},
		{"a scheme not checked", "- url: ftp://x/y", []string{`key url: invalid value "ftp://x/y": the scheme "ftp" is not checked; use http:// or https://`}},
		{"a URL without host", "- url: https:///healthz", []string{`key url: invalid value "https:///healthz": the URL has no host`}},
		{"an unknown key, with the nearest", "- url: https://x\n  staus: 200", []string{`input verify, entry 1, key staus: invalid value "200": unknown key; did you mean status? the keys are url, output, run, status, contains, timeout, attempts`}},
		{"two kinds", "- url: https://x\n  run: true", []string{"input verify, entry 1: give exactly one of url:, output: or run: in each check (this one has 2)"}},
		{"no kind", "- status: 200", []string{"(this one has 0)"}},
		{"a key twice", "- url: https://x\n  url: https://y", []string{`key url: invalid value "https://y": given twice in one check; keep one`}},
		{"a status out of range", "- url: https://x\n  status: 999", []string{`key status: invalid value "999": an HTTP status from 100 to 599, such as 200`}},
		{"a timeout that is not a duration", "- url: https://x\n  timeout: soon", []string{`key timeout: invalid value "soon": a duration from 1s to 10m0s, such as 10s or 2m`}},
		{"a timeout too long", "- url: https://x\n  timeout: 1h", []string{`key timeout: invalid value "1h"`}},
		{"attempts out of range", "- url: https://x\n  attempts: 0", []string{`key attempts: invalid value "0": a number of attempts from 1 to 20`}},
		{"status on a command", "- run: ./t.sh\n  status: 200", []string{`key status: invalid value "200": applies to url: and output: checks; a run: check passes when its command exits 0`}},
		{"an empty command", "- run: ' '", []string{`key run: invalid value " ": give a command`}},
		{"a list as a value", "- url: [a, b]", []string{`key url: invalid value "": must be a single value, such as https://api.example.com/healthz`}},
		{"an output name terraform refuses", "- output: 9lives", []string{`key output: invalid value "9lives": name a root module output`}},
		{"every problem at once", "- url: x.example\n- url: https://ok\n  attempts: 99",
			[]string{"entry 1, key url", "entry 2, key attempts"}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := Parse(tc.in)
			if err == nil || step.ExitCode(err) != step.ExitUsage {
				t.Fatalf("err %v, want a usage error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error:\n%v\nwant it to contain:\n%s", err, w)
				}
			}
		})
	}
}

// The outputs are read from the module's files before terraform runs; a
// check naming none of them is bad input.
func TestOutputsAreCheckedAgainstTheModule(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main.tf", `resource "x" "y" {}
output "service_url" { value = "https://x" }`)
	write("outputs.tf.json", `{"output": {"revision": {"value": "r"}}}`)
	write("override_override.tf", `output "service_url" { value = "https://y" }`)
	write("notes.txt", `output "not_read" {}`)
	declared, err := DeclaredOutputs(dir)
	if err != nil || !slices.Equal(declared, []string{"revision", "service_url"}) {
		t.Fatalf("declared %v, %v", declared, err)
	}
	checks, err := Parse("- output: service_url\n- output: servce_url\n- url: https://x\n- output: nope")
	if err != nil {
		t.Fatal(err)
	}
	err = CheckOutputs(checks, declared)
	if step.ExitCode(err) != step.ExitUsage {
		t.Fatalf("err %v, want a usage error", err)
	}
	for _, w := range []string{
		`input verify, entry 2, key output: invalid value "servce_url": did you mean service_url? the root module declares no such output; its outputs are revision, service_url`,
		`input verify, entry 4, key output: invalid value "nope": the root module declares no such output`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error:\n%v\nwant:\n%s", err, w)
		}
	}
	if strings.Contains(err.Error(), "entry 1") || strings.Contains(err.Error(), "entry 3") {
		t.Errorf("a good check was refused: %v", err)
	}
	if err := CheckOutputs(checks[:1], declared); err != nil {
		t.Errorf("a declared output was refused: %v", err)
	}

	// The example the demo deploys.
	declared, err = DeclaredOutputs(filepath.Join("..", "..", "..", "examples", "local"))
	if err != nil || !slices.Contains(declared, "service_name") {
		t.Errorf("examples/local: %v, %v", declared, err)
	}

	// A file that does not parse is named; the others are still read.
	write("broken.tf", `output "half" {`)
	declared, err = DeclaredOutputs(dir)
	if err == nil || !strings.Contains(err.Error(), "broken.tf") || !slices.Contains(declared, "service_url") {
		t.Errorf("a broken file: %v, %v", declared, err)
	}
}
