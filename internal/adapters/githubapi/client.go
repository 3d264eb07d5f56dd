package githubapi

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Options tune the client; zero values are production defaults.
type Options struct {
	Timeout  time.Duration // one call, retries included (default 2m)
	Attempts int           // tries per call (default 4)
	Backoff  time.Duration // first wait after a 5xx (default 1s)
	MaxWait  time.Duration // longest Retry-After honoured (default 2m)
}

// ErrNoToken says how to give the step a token.
var ErrNoToken = errors.New("no GitHub token: set the github-token input (default ${{ github.token }}) or GITHUB_TOKEN")

// New returns a client for the run's GitHub API (GITHUB_API_URL) with the
// run's token.
func New(g step.GitHub, log *slog.Logger, o Options) (*github.Client, error) {
	if g.Token == "" {
		return nil, ErrNoToken
	}
	if o.Timeout == 0 {
		o.Timeout = 2 * time.Minute
	}
	if o.Attempts == 0 {
		o.Attempts = 4
	}
	if o.Backoff == 0 {
		o.Backoff = time.Second
	}
	if o.MaxWait == 0 {
		o.MaxWait = 2 * time.Minute
	}
	hc := &http.Client{
		Timeout:   o.Timeout,
		Transport: &retryTransport{base: http.DefaultTransport, log: log, attempts: o.Attempts, backoff: o.Backoff, maxWait: o.MaxWait},
	}
	base := strings.TrimSuffix(g.APIURL, "/") + "/"
	return github.NewClient(
		github.WithHTTPClient(hc),
		github.WithAuthToken(g.Token),
		github.WithURLs(&base, &base),
	)
}
