package githubapi

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func client(t *testing.T, h http.HandlerFunc) (*http.Client, string) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &http.Client{Timeout: 10 * time.Second, Transport: &retryTransport{
		base: http.DefaultTransport, log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		attempts: 3, backoff: time.Millisecond, maxWait: 2 * time.Second,
	}}, srv.URL
}

func TestServerErrorsAreRetriedOnlyForIdempotentCalls(t *testing.T) {
	for method, want := range map[string]int32{"GET": 3, "PATCH": 3, "POST": 1} {
		var calls atomic.Int32
		c, url := client(t, func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.WriteHeader(http.StatusBadGateway)
		})
		req, _ := http.NewRequest(method, url, strings.NewReader(`{"body":"x"}`))
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadGateway || calls.Load() != want {
			t.Errorf("%s: status %d after %d calls, want %d calls", method, resp.StatusCode, calls.Load(), want)
		}
	}
}

func TestSecondaryRateLimitWaitsRetryAfterThenResendsTheBody(t *testing.T) {
	var calls atomic.Int32
	var bodies []string
	c, url := client(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `{"message":"You have exceeded a secondary rate limit."}`)
			return
		}
		w.WriteHeader(http.StatusCreated)
	})
	start := time.Now()
	resp, err := c.Post(url, "application/json", strings.NewReader(`{"body":"hello"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	waited := time.Since(start)
	if resp.StatusCode != http.StatusCreated || calls.Load() != 2 || bodies[1] != `{"body":"hello"}` {
		t.Fatalf("status %d, %d calls, bodies %q", resp.StatusCode, calls.Load(), bodies)
	}
	// Not a speed check: the retry must not come before GitHub's Retry-After.
	if waited < time.Second {
		t.Errorf("retried after %v, before Retry-After (1s)", waited)
	}
}

func TestARetryAfterLongerThanTheCapIsReturned(t *testing.T) {
	var calls atomic.Int32
	c, url := client(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || calls.Load() != 1 {
		t.Errorf("status %d after %d calls", resp.StatusCode, calls.Load())
	}
}
