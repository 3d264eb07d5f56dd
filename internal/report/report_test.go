package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/step"
)

func actionsEnv(t *testing.T) (map[string]string, string, string) {
	dir := t.TempDir()
	out, sum := filepath.Join(dir, "output"), filepath.Join(dir, "summary")
	return map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": out, "GITHUB_STEP_SUMMARY": sum}, out, sum
}

func read(t *testing.T, p string) string {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestActionsMasksBeforeAnythingElseAndRedacts(t *testing.T) {
	env, outFile, sumFile := actionsEnv(t)
	var stdout, stderr bytes.Buffer
	rep, _ := New(&stdout, &stderr, func(k string) string { return env[k] })
	const secret = "s3cr3t-canary\nsecond-line"
	rep.Mask(secret)
	rep.SetOutput("value", "prefix s3cr3t-canary suffix")
	rep.Summary("summary with second-line in it\n")
	rep.Annotate(step.Annotation{Level: "error", File: "main.tf", Line: 3, Title: "t", Message: "bad s3cr3t-canary"})
	rep.Logger().Info("log", "v", "s3cr3t-canary")

	if !strings.HasPrefix(stdout.String(), "::add-mask::") {
		t.Errorf("the mask is not the first thing printed: %q", stdout.String())
	}
	for _, line := range []string{"::add-mask::s3cr3t-canary\n", "::add-mask::second-line\n"} {
		if !strings.Contains(stdout.String(), line) {
			t.Errorf("stdout lacks %q: %q", line, stdout.String())
		}
	}
	if !strings.Contains(stdout.String(), "::error file=main.tf,line=3,title=t::bad ***") {
		t.Errorf("annotation not issued or not redacted: %q", stdout.String())
	}
	withoutMasks := strings.ReplaceAll(strings.ReplaceAll(stdout.String(), "::add-mask::s3cr3t-canary", ""), "::add-mask::second-line", "")
	for name, s := range map[string]string{"stdout": withoutMasks, "stderr": stderr.String(), "output": read(t, outFile), "summary": read(t, sumFile)} {
		if strings.Contains(s, "s3cr3t-canary") || strings.Contains(s, "second-line") {
			t.Errorf("%s holds the secret: %q", name, s)
		}
	}
	if !strings.Contains(read(t, outFile), "prefix *** suffix") {
		t.Errorf("output file = %q", read(t, outFile))
	}
}

func TestSummaryStaysUnderGitHubsLimit(t *testing.T) {
	env, _, sumFile := actionsEnv(t)
	rep, _ := New(&bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
	chunk := strings.Repeat("é", 100_000) // 200 kB of two-byte characters
	for range 8 {
		rep.Summary(chunk)
	}
	got := read(t, sumFile)
	if len(got) > SummaryLimit {
		t.Errorf("summary is %d bytes, over the %d limit", len(got), SummaryLimit)
	}
	if !strings.Contains(got, "1 MiB limit") {
		t.Errorf("a cut summary must say so")
	}
	if !strings.HasSuffix(strings.TrimSpace(strings.Split(got, "\n\n> [!WARNING]")[0]), "é") {
		t.Errorf("the cut split a character")
	}
}

func TestTerminalPutsSummaryOnStdoutAndTheRestOnStderr(t *testing.T) {
	var stdout, stderr bytes.Buffer
	rep, _ := New(&stdout, &stderr, func(string) string { return "" })
	rep.Mask("tok-123456")
	rep.Summary("## Title\n")
	rep.SetOutput("outcome", "applied")
	rep.SetOutput("list", "a\nb")
	rep.Annotate(step.Annotation{Level: "warning", File: "x.tf", Line: 2, Message: "careful with tok-123456"})
	if stdout.String() != "## Title\n" {
		t.Errorf("stdout = %q, want only the summary", stdout.String())
	}
	for _, want := range []string{"output outcome=applied\n", "output list:\n  a\n  b\n", "warning: x.tf:2: careful with ***\n"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q: %q", want, stderr.String())
		}
	}
	if strings.Contains(stdout.String()+stderr.String(), "::") {
		t.Errorf("workflow commands printed outside Actions")
	}
}

func TestRedactorPrefersTheLongestSecret(t *testing.T) {
	var r Redactor
	r.Add("abc")
	r.Add("abcdef")
	if got := r.Redact("x abcdef y abc"); got != "x *** y ***" {
		t.Errorf("Redact = %q", got)
	}
	if added := r.Add("ab"); len(added) != 0 {
		t.Errorf("a two-character value should not be masked: %v", added)
	}
}
