package verify

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// canary is a secret the redactor knows; it must appear in no result.
const canary = "tok-CANARY-51d8"

func redact(s string) string { return strings.ReplaceAll(s, canary, "***") }

func runner() *Runner {
	return &Runner{Redact: redact, Backoff: func(int) time.Duration { return 0 }, Dir: os.TempDir()}
}

func httpCheck(url string) Check {
	return Check{Entry: 1, URL: url, Status: 200, Timeout: 5 * time.Second, Attempts: 3}
}

// service answers from a script of handlers, the last one repeating.
type service struct {
	*httptest.Server
	hits atomic.Int32
}

func serve(t *testing.T, script ...http.HandlerFunc) *service {
	s := &service{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(s.hits.Add(1))
		script[min(n, len(script))-1](w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// hang answers nothing until the client gives up.
func hang(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

func TestHTTPChecks(t *testing.T) {
	for _, tc := range []struct {
		desc     string
		script   []http.HandlerFunc
		check    func(Check) Check
		passed   bool
		attempts int
		status   int
		err      string
		excerpt  string
	}{
		{desc: "a healthy service", script: []http.HandlerFunc{answer(200, "ok: revision api-2")},
			check: func(c Check) Check { c.Contains = "ok"; return c }, passed: true, attempts: 1, status: 200},
		{desc: "a status mismatch is retried, then fails with the last answer", script: []http.HandlerFunc{answer(503, "broken: revision api-3\n")},
			passed: false, attempts: 3, status: 503, err: "status 503, want 200", excerpt: "broken: revision api-3"},
		{desc: "a body mismatch", script: []http.HandlerFunc{answer(200, "maintenance")},
			check:  func(c Check) Check { c.Contains = "ok"; return c },
			passed: false, attempts: 3, status: 200, err: `the body does not contain "ok"`, excerpt: "maintenance"},
		{desc: "retries, then success", script: []http.HandlerFunc{answer(503, "starting"), answer(502, "starting"), answer(200, "ok")},
			passed: true, attempts: 3, status: 200},
		{desc: "another status wanted", script: []http.HandlerFunc{answer(204, "")},
			check: func(c Check) Check { c.Status = 204; return c }, passed: true, attempts: 1, status: 204},
		{desc: "a timeout per attempt", script: []http.HandlerFunc{hang},
			check:  func(c Check) Check { c.Timeout, c.Attempts = 50*time.Millisecond, 2; return c },
			passed: false, attempts: 2, err: "no answer within 50ms (the check's timeout)"},
		{desc: "a timeout, then an answer", script: []http.HandlerFunc{hang, answer(200, "ok")},
			check:  func(c Check) Check { c.Timeout = 50 * time.Millisecond; return c },
			passed: true, attempts: 2, status: 200},
		{desc: "a redirect is not followed", script: []http.HandlerFunc{func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/login?next="+canary, http.StatusFound)
		}}, passed: false, attempts: 3, status: 302, err: "status 302, want 200: redirected to /login?next=***, which is not followed; check that address, or set status: 302"},
		{desc: "a redirect that is the answer wanted", script: []http.HandlerFunc{func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://elsewhere.example/", http.StatusMovedPermanently)
		}}, check: func(c Check) Check { c.Status = 301; return c }, passed: true, attempts: 1, status: 301},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			s := serve(t, tc.script...)
			c := httpCheck(s.URL + "/healthz?key=" + canary)
			if tc.check != nil {
				c = tc.check(c)
			}
			res := runner().Run(context.Background(), []Check{c})
			if len(res) != 1 {
				t.Fatalf("%d results", len(res))
			}
			r := res[0]
			if r.Passed != tc.passed || r.Attempts != tc.attempts || r.Status != tc.status || int(s.hits.Load()) != tc.attempts {
				t.Errorf("passed %v attempts %d status %d hits %d; want %v %d %d %d (err %q)",
					r.Passed, r.Attempts, r.Status, s.hits.Load(), tc.passed, tc.attempts, tc.status, tc.attempts, r.Err)
			}
			if !strings.Contains(r.Err, tc.err) || (tc.err == "") != (r.Err == "") {
				t.Errorf("err %q, want %q", r.Err, tc.err)
			}
			if tc.excerpt != "" && r.Excerpt != tc.excerpt {
				t.Errorf("excerpt %q, want %q", r.Excerpt, tc.excerpt)
			}
			if r.Target != s.URL+"/healthz?key=***" {
				t.Errorf("target %q", r.Target)
			}
			noCanary(t, r)
		})
	}
}

func noCanary(t *testing.T, results ...Result) {
	t.Helper()
	for _, r := range results {
		if s := fmt.Sprintf("%+v", r); strings.Contains(s, canary) {
			t.Errorf("the canary is in a result: %s", s)
		}
	}
	if md := Markdown(results); strings.Contains(md, canary) {
		t.Errorf("the canary is in the summary:\n%s", md)
	}
}

// Secrets in a body are redacted before the excerpt is cut.
func TestBodyIsRedactedBeforeItIsCut(t *testing.T) {
	body := strings.Repeat("x", ExcerptLen-4) + canary + " and more"
	s := serve(t, answer(500, body))
	c := httpCheck(s.URL)
	c.Attempts = 1
	r := runner().Run(context.Background(), []Check{c})[0]
	if want := strings.Repeat("x", ExcerptLen-4) + "*** …"; r.Excerpt != want {
		t.Errorf("excerpt %q, want %q", r.Excerpt, want)
	}
	if strings.Contains(r.Excerpt, canary[:4]) {
		t.Errorf("part of the secret is in the excerpt: %q", r.Excerpt)
	}
	noCanary(t, r)
}

func TestConnectionRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := httpCheck("http://" + addr + "/healthz")
	r := runner().Run(context.Background(), []Check{c})[0]
	if r.Passed || r.Attempts != 3 || !strings.Contains(r.Err, "connection refused: nothing listens there (yet?)") {
		t.Errorf("%+v", r)
	}
}

func TestOutputChecks(t *testing.T) {
	s := serve(t, answer(200, "ok"))
	run := &Runner{Redact: redact, Backoff: func(int) time.Duration { return 0 },
		Outputs: map[string]any{"url": s.URL + "/?t=" + canary, "count": 3.0, "bare": "example.com"}}
	checks := []Check{
		{Entry: 1, Output: "url", Status: 200, Timeout: time.Second, Attempts: 1},
		{Entry: 2, Output: "gone", Status: 200, Timeout: time.Second, Attempts: 1},
		{Entry: 3, Output: "count", Status: 200, Timeout: time.Second, Attempts: 1},
		{Entry: 4, Output: "bare", Status: 200, Timeout: time.Second, Attempts: 1},
	}
	res := run.Run(context.Background(), checks)
	if !res[0].Passed || res[0].Target != s.URL+"/?t=***" {
		t.Errorf("output url: %+v", res[0])
	}
	for i, want := range []string{
		`the apply left no output "gone"`,
		`output "count" is a float64, not a URL`,
		`output "bare": the URL has no scheme`,
	} {
		if r := res[i+1]; r.Passed || r.Attempts != 0 || !strings.Contains(r.Err, want) {
			t.Errorf("entry %d: %+v, want %q", i+2, r, want)
		}
	}
	if s.hits.Load() != 1 {
		t.Errorf("%d requests", s.hits.Load())
	}
	noCanary(t, res...)
}

// The backoff is asked for the wait after each failed attempt, and the
// checks' total time bounds them all.
func TestBackoffAndTotal(t *testing.T) {
	s := serve(t, answer(503, "no"))
	var waits []int
	run := &Runner{Redact: redact, Backoff: func(n int) time.Duration { waits = append(waits, n); return 0 }}
	run.Run(context.Background(), []Check{httpCheck(s.URL)})
	if !slices.Equal(waits, []int{1, 2}) {
		t.Errorf("backoff asked for %v", waits)
	}
	if got := []time.Duration{ExponentialBackoff(1), ExponentialBackoff(2), ExponentialBackoff(4), ExponentialBackoff(9)}; !slices.Equal(got,
		[]time.Duration{2 * time.Second, 4 * time.Second, 16 * time.Second, 30 * time.Second}) {
		t.Errorf("ExponentialBackoff: %v", got)
	}

	slow := serve(t, hang)
	run = &Runner{Redact: redact, Total: 100 * time.Millisecond}
	res := run.Run(context.Background(), []Check{httpCheck(slow.URL), httpCheck(s.URL)})
	if res[0].Passed || !strings.Contains(res[0].Err, "(stopped: the checks' total time, 100ms, ran out)") {
		t.Errorf("first: %+v", res[0])
	}
	if res[1].Passed || res[1].Attempts != 0 || res[1].Err != "not run: the checks' total time (100ms) ran out" {
		t.Errorf("second: %+v", res[1])
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res = runner().Run(ctx, []Check{httpCheck(s.URL)})
	if res[0].Passed || res[0].Err != "not run: the deploy was cancelled" {
		t.Errorf("cancelled: %+v", res[0])
	}
}
