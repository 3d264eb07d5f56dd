package report

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/runneremu"
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
	rep := New(&stdout, &stderr, func(k string) string { return env[k] })
	const secret = "s3cr3t-canary\nsecond-line"
	rep.Mask(secret)
	rep.SetOutput("value", "prefix s3cr3t-canary suffix")
	rep.Summary("summary with second-line in it\n")
	rep.Annotate(step.Annotation{Level: "error", File: "main.tf", Line: 3, Title: "t s3cr3t-canary", Message: "bad s3cr3t-canary"})
	rep.Logger().Info("log", "v", "s3cr3t-canary")
	rep.Close()

	if !strings.HasPrefix(stdout.String(), "::add-mask::") {
		t.Errorf("the mask is not the first thing printed: %q", stdout.String())
	}
	if stderr.Len() != 0 {
		t.Errorf("inside Actions everything goes to one stream (stdout), so the runner keeps its order; stderr = %q", stderr.String())
	}
	log := runneremu.Process(stdout.Bytes())
	for _, s := range []string{"s3cr3t-canary", "second-line"} {
		if log.Contains(s) {
			t.Errorf("the job log shows %q:\n%s", s, strings.Join(log.Lines, "\n"))
		}
		for name, text := range map[string]string{"output": read(t, outFile), "summary": read(t, sumFile)} {
			if strings.Contains(text, s) {
				t.Errorf("%s holds %q: %q", name, s, text)
			}
		}
	}
	if len(log.Annotations) != 1 || log.Annotations[0].Message != "bad ***" || log.Annotations[0].Properties["title"] != "t ***" {
		t.Errorf("annotations = %+v, want one, redacted", log.Annotations)
	}
	outs, err := runneremu.ParseOutputFile([]byte(read(t, outFile)))
	if err != nil || outs["value"] != "prefix *** suffix" {
		t.Errorf("outputs = %v, %v", outs, err)
	}
}

// Hostile text in terraform's output, a plan value or a tool's message
// tries every way the runner recognises a command; our masks and
// annotations must still work, and none of its commands may.
func TestUntrustedTextCannotCommandTheRunner(t *testing.T) {
	env, outFile, _ := actionsEnv(t)
	var stdout bytes.Buffer
	rep := New(&stdout, io.Discard, func(k string) string { return env[k] })
	u := rep.Untrusted()
	hostile := []string{
		"::stop-commands::x\n",
		"  ::stop-commands::indented\n",
		"value = \"\r::stop-commands::y\"\n",
		"note ##[stop-commands]legacy\n",
		"::set-output name=has-changes::false\n",
		"::add-mask::hostile-mask\n",
		"::error file=evil.tf::forged annotation\n",
		"partial line without a newline ::stop-commands::z",
	}
	for _, h := range hostile {
		io.WriteString(u, h)
	}
	rep.Mask("canary-1234567")
	io.WriteString(u, "terraform printed canary-1234567 here\n")
	rep.Logger().Info("a log line with the canary", "value", "canary-1234567", "hostile", "\r::stop-commands::w")
	rep.Annotate(step.Annotation{Level: "warning", Message: "ours"})
	rep.SetOutput("has-changes", "true")
	rep.Close()

	log := runneremu.Process(stdout.Bytes())
	if log.Contains("canary-1234567") {
		t.Errorf("the canary is in the job log:\n%s", strings.Join(log.Lines, "\n"))
	}
	if len(log.Annotations) != 1 || log.Annotations[0].Message != "ours" {
		t.Errorf("annotations = %+v, want only ours", log.Annotations)
	}
	for _, m := range log.Masks {
		if strings.Contains(m, "hostile-mask") {
			t.Errorf("hostile text registered a mask")
		}
	}
	if log.StopToken != "" {
		t.Errorf("commands are still stopped at the end of the step (token %q)", log.StopToken)
	}
	if len(log.Outputs) != 0 {
		t.Errorf("hostile text set outputs: %v", log.Outputs)
	}
	outs, _ := runneremu.ParseOutputFile([]byte(read(t, outFile)))
	if outs["has-changes"] != "true" {
		t.Errorf("has-changes = %q", outs["has-changes"])
	}
	if !log.Contains("partial line without a newline") {
		t.Errorf("untrusted text was lost:\n%s", strings.Join(log.Lines, "\n"))
	}
}

// A value may contain what looks like the end of its heredoc block; a
// fixed delimiter would let it set other outputs.
func TestOutputValuesCannotSetOtherOutputs(t *testing.T) {
	env, outFile, _ := actionsEnv(t)
	rep := New(io.Discard, io.Discard, func(k string) string { return env[k] })
	v := "line\n_GitHubActionsFileCommandDelimeter_\nhas-changes=false\nghadelimiter_0\nx=y"
	rep.SetOutput("plan", v)
	rep.SetOutput("has-changes", "true")
	outs, err := runneremu.ParseOutputFile([]byte(read(t, outFile)))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"plan": v, "has-changes": "true"}, outs); diff != "" {
		t.Errorf("outputs (-want +got):\n%s", diff)
	}
}

func TestRedactorCoversEscapedForms(t *testing.T) {
	var r Redactor
	r.Add(`p<a>&"ss`)
	r.Add("multi\nline-secret")
	for _, text := range []string{`{"v":"p\u003ca\u003e\u0026\"ss"}`, `{"v":"p<a>&\"ss"}`, `"multi\nline-secret"`, "line-secret alone"} {
		if got := r.Redact(text); strings.Contains(got, "ss\"") || strings.Contains(got, "line-secret") || strings.Contains(got, `p\u003ca`) {
			t.Errorf("Redact(%q) = %q", text, got)
		}
	}
}

func TestSummaryStaysUnderGitHubsLimit(t *testing.T) {
	env, _, sumFile := actionsEnv(t)
	rep := New(&bytes.Buffer{}, &bytes.Buffer{}, func(k string) string { return env[k] })
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
	rep := New(&stdout, &stderr, func(string) string { return "" })
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

// A line longer than what the console holds back is printed in pieces; a
// secret across a piece boundary is still redacted.
func TestSecretAcrossAnOverlongLineIsRedacted(t *testing.T) {
	env, _, _ := actionsEnv(t)
	var stdout bytes.Buffer
	rep := New(&stdout, io.Discard, func(k string) string { return env[k] })
	const secret = "overlong-line-secret-1234"
	rep.Mask(secret)
	line := strings.Repeat("x", maxPartial-10) + secret + strings.Repeat("y", maxPartial) + "\n"
	for i := 0; i < len(line); i += 4096 {
		rep.Untrusted().Write([]byte(line[i:min(i+4096, len(line))]))
	}
	rep.Close()
	withoutMasks := strings.ReplaceAll(stdout.String(), "::add-mask::"+secret, "")
	if strings.Contains(withoutMasks, secret[:10]) {
		t.Errorf("part of the secret was printed")
	}
	if n := strings.Count(stdout.String(), "x") + strings.Count(stdout.String(), "y"); n < 2*maxPartial-10 {
		t.Errorf("text was lost: %d of %d bytes", n, 2*maxPartial-10)
	}
}

// Untrusted text stays inside its table cell and its code block.
func TestMarkdownKeepsUntrustedTextInPlace(t *testing.T) {
	for in, want := range map[string]string{
		"a|b":                          `a\|b`,
		"one\ntwo":                     "one two",
		"one\rtwo":                     "one two",
		"one\r\ntwo":                   "one two",
		"x\r| forged | row |\n## head": `x \| forged \| row \| ## head`,
	} {
		if got := Cell(in); got != want {
			t.Errorf("Cell(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"plain": "```", "a ``` b": "````", "`````": "``````"} {
		if got := Fence(in); got != want {
			t.Errorf("Fence(%q) = %q, want %q", in, got, want)
		}
	}
}
