// Package githubapi is the GitHub REST client of the steps: go-github with
// a timeout, and retries only where they are safe.
package githubapi

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// retryTransport retries what GitHub did not do or what can be done twice:
//   - a secondary rate limit or 429 (GitHub did nothing): after Retry-After,
//     for any method;
//   - a 5xx or a network error: for idempotent methods only (GET, and PATCH,
//     PUT and DELETE of whole objects), with exponential backoff. A POST is
//     not repeated: it might have been done; callers look before posting
//     again.
type retryTransport struct {
	base     http.RoundTripper
	log      *slog.Logger
	attempts int
	backoff  time.Duration
	// maxWait caps a Retry-After; a longer wait returns the error instead.
	maxWait time.Duration
}

type repeatableKey struct{}

// Repeatable marks ctx's calls as safe to send twice even though their
// method is POST: a deployment status, for example, is a new record each
// time, and a repeated "failure" harms nothing, while a lost one leaves a
// deployment in_progress for good.
func Repeatable(ctx context.Context) context.Context {
	return context.WithValue(ctx, repeatableKey{}, true)
}

func retriable(req *http.Request) bool {
	rep, _ := req.Context().Value(repeatableKey{}).(bool)
	return rep || idempotent(req.Method)
}

func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return true
	}
	return false
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
	}
	backoff := t.backoff
	for attempt := 1; ; attempt++ {
		r := req.Clone(req.Context())
		if body != nil {
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		resp, err := t.base.RoundTrip(r)
		last := attempt >= t.attempts
		var wait time.Duration
		switch {
		case err != nil:
			if last || !retriable(req) || req.Context().Err() != nil {
				return nil, err
			}
			wait = backoff
		case rateLimited(resp):
			wait = retryAfter(resp, backoff)
			if last || wait > t.maxWait {
				return resp, nil
			}
		case resp.StatusCode >= 500 && retriable(req) && !last:
			wait = backoff
		default:
			return resp, nil
		}
		if resp != nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		t.log.Warn("GitHub API call failed; retrying", "method", req.Method, "path", req.URL.Path,
			"status", status(resp), "error", errString(err), "wait", wait.String(), "attempt", attempt)
		select {
		case <-time.After(wait):
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
		backoff *= 2
	}
}

// rateLimited recognises GitHub's secondary rate limit (403 with
// Retry-After or its message) and 429.
func rateLimited(resp *http.Response) bool {
	if resp.StatusCode == http.StatusTooManyRequests {
		return true
	}
	if resp.StatusCode != http.StatusForbidden {
		return false
	}
	if resp.Header.Get("Retry-After") != "" {
		return true
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return strings.Contains(strings.ToLower(string(b)), "secondary rate limit")
}

func retryAfter(resp *http.Response, def time.Duration) time.Duration {
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	// GitHub says to wait at least a minute when it gives no Retry-After.
	return max(def, time.Minute)
}

func status(resp *http.Response) int {
	if resp == nil {
		return 0
	}
	return resp.StatusCode
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
