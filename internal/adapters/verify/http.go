package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"unicode/utf8"
)

// Bounds of what is read and shown of a response.
const (
	// MaxBody is how much of a body is searched for contains:.
	MaxBody = 1 << 20
	// ExcerptLen is how many characters of a body a Result shows.
	ExcerptLen = 200
)

// NewClient is the client checks use by default: redirects are not
// followed (a check names the address that must answer; following would
// let a redirect to a login page pass as 200, and send the request, its
// URL's credentials included, to another host), no cookies are kept,
// and proxies come from the environment as for any HTTP client.
func NewClient() *http.Client {
	return &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// get makes one attempt of an HTTP check.
func (r *Runner) get(ctx context.Context, client *http.Client, target string, res *Result) error {
	c := res.Check
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return fmt.Errorf("failed to make the request: %w", err)
	}
	req.Header.Set("User-Agent", "olympus-verify")
	resp, err := client.Do(req)
	if err != nil {
		return requestError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	res.Status = resp.StatusCode
	res.Excerpt = excerpt(r.Redact(string(body)))
	if err != nil && ctx.Err() == nil {
		return fmt.Errorf("failed to read the response: %w", err)
	}
	if resp.StatusCode != c.Status {
		msg := fmt.Sprintf("status %d, want %d", resp.StatusCode, c.Status)
		if loc := resp.Header.Get("Location"); loc != "" && resp.StatusCode >= 300 && resp.StatusCode < 400 {
			msg += fmt.Sprintf(": redirected to %s, which is not followed; check that address, or set status: %d", loc, resp.StatusCode)
		}
		return errors.New(msg)
	}
	if err != nil {
		return fmt.Errorf("failed to read the response: %w", err)
	}
	if c.Contains != "" && !strings.Contains(string(body), c.Contains) {
		return fmt.Errorf("the body does not contain %q", c.Contains)
	}
	return nil
}

// requestError says why a request got no response, without Go's
// wrapping ("Get \"https://...\": dial tcp ...: connect: connection
// refused" becomes "connection refused (dial tcp ...)").
func requestError(err error) error {
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("connection refused: nothing listens there (yet?): %w", err)
	case errors.Is(err, context.DeadlineExceeded):
		return err // the caller says which timeout
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return fmt.Errorf("the host %q does not resolve: %w", dns.Name, err)
	}
	return err
}

// excerpt is the start of text, at most ExcerptLen characters, on one
// line, cut on a character boundary.
func excerpt(text string) string {
	text = strings.ToValidUTF8(text, "�")
	if utf8.RuneCountInString(text) > ExcerptLen {
		text = string([]rune(text)[:ExcerptLen]) + "…"
	}
	return strings.Join(strings.Fields(text), " ")
}
