package verify

import (
	"strings"
	"testing"
	"time"
)

func TestMarkdown(t *testing.T) {
	results := []Result{
		{Check: Check{Entry: 1, URL: "https://api/healthz", Status: 200, Contains: "ok", Attempts: 5}, Target: "https://api/healthz", Passed: true, Attempts: 1, Status: 200},
		{Check: Check{Entry: 2, Output: "service_url", Status: 200, Attempts: 5}, Target: "https://api/x?a=1|2", Attempts: 5, Status: 503,
			Excerpt: "broken | `revision` api-3", Err: "status 503, want 200"},
		{Check: Check{Entry: 3, Run: "./smoke.sh | tee log", Timeout: time.Minute, Attempts: 1}, Target: "./smoke.sh | tee log", Attempts: 1, ExitCode: 1,
			Output: "FAIL\n```\n::error::injected\n", Err: "the command exited with 1"},
	}
	got := Markdown(results)
	want := "### Checks after apply: 2 of 3 failed\n\n" +
		"| # | Check | Result | Attempts | Status | Detail |\n|---|---|---|---|---|---|\n" +
		"| 1 | `https://api/healthz` contains `ok` | ✅ passed | 1 | 200 |  |\n" +
		"| 2 | output `service_url`: `https://api/x?a=1\\|2` | ❌ failed | 5 | 503 | status 503, want 200; body: ``broken \\| `revision` api-3`` |\n" +
		"| 3 | run `./smoke.sh \\| tee log` | ❌ failed | 1 | exit 1 | the command exited with 1 |\n" +
		"\n<details><summary>Output of check 3 (the end; the whole is in the log)</summary>\n\n````\nFAIL\n```\n::error::injected\n````\n\n</details>\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := Markdown(results[:1]); !strings.HasPrefix(got, "### Checks after apply: all 1 passed\n") {
		t.Errorf("all passed:\n%s", got)
	}
	if Markdown(nil) != "" {
		t.Error("no checks rendered something")
	}
}
