// Package sqladminapi is what the steps that speak the Cloud SQL Admin API
// v1 share, without being a step: the client (Application Default
// Credentials, or none for an emulator), reads retried on what may succeed
// later, errors told apart, and operations polled to DONE with backoff.
package sqladminapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"google.golang.org/api/googleapi"
	"google.golang.org/api/option"
	sqladmin "google.golang.org/api/sqladmin/v1"
)

// Client is the SQL Admin service with the timeouts and retries of every
// call.
type Client struct {
	Svc *sqladmin.Service
	// CallTimeout bounds one HTTP call.
	CallTimeout time.Duration
	// Retry is the first pause before a read is retried (doubling, with
	// jitter, ReadAttempts in all); Retry-After wins when longer.
	Retry time.Duration
	Log   *slog.Logger
}

// New connects with Application Default Credentials, or without any to an
// emulator's endpoint (plain HTTP). Failed reads are retried after a
// second, then longer (Retry).
func New(ctx context.Context, endpoint string, log *slog.Logger) (*Client, error) {
	opts := []option.ClientOption{option.WithScopes(sqladmin.SqlserviceAdminScope)}
	c := &Client{CallTimeout: time.Minute, Retry: time.Second, Log: log}
	if endpoint != "" {
		opts = []option.ClientOption{option.WithEndpoint(endpoint), option.WithoutAuthentication(),
			option.WithHTTPClient(&http.Client{Transport: http.DefaultTransport})}
	}
	svc, err := sqladmin.NewService(ctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("failed to create the Cloud SQL Admin client: %w", fault.Credentials(err))
	}
	c.Svc = svc
	return c, nil
}

// GetInstance reads an instance (instances.get, retried as reads are).
func (c *Client) GetInstance(ctx context.Context, project, instance string) (*sqladmin.DatabaseInstance, error) {
	return Read(ctx, c, "instances.get", func(ctx context.Context) (*sqladmin.DatabaseInstance, error) {
		return c.Svc.Instances.Get(project, instance).Context(ctx).Do()
	})
}

// ListInstances lists a project's instances, every page.
func (c *Client) ListInstances(ctx context.Context, project string) ([]*sqladmin.DatabaseInstance, error) {
	var all []*sqladmin.DatabaseInstance
	token := ""
	for {
		resp, err := Read(ctx, c, "instances.list", func(ctx context.Context) (*sqladmin.InstancesListResponse, error) {
			return c.Svc.Instances.List(project).PageToken(token).Context(ctx).Do()
		})
		if err != nil {
			return nil, err
		}
		all = append(all, resp.Items...)
		if token = resp.NextPageToken; token == "" {
			return all, nil
		}
	}
}

// GetOperation reads an operation (operations.get).
func (c *Client) GetOperation(ctx context.Context, project, operation string) (*sqladmin.Operation, error) {
	return Read(ctx, c, "operations.get", func(ctx context.Context) (*sqladmin.Operation, error) {
		return c.Svc.Operations.Get(project, operation).Context(ctx).Do()
	})
}

// ReadAttempts is how many times a read is tried.
const ReadAttempts = 5

// Read runs a read with its own timeout, retrying what may succeed later:
// 5xx, 429 and broken connections, never a 4xx or the caller's cancel.
func Read[T any](ctx context.Context, c *Client, what string, call func(context.Context) (T, error)) (T, error) {
	return retry(ctx, c, what, Retryable, call)
}

// Send sends a write once, and again only after a 429: the API did not
// look at it, so nothing started. Any other failure is the caller's to
// judge (a 5xx may have started it).
func Send[T any](ctx context.Context, c *Client, what string, call func(context.Context) (T, error)) (T, error) {
	return retry(ctx, c, what, func(err error) bool { return StatusCode(err) == http.StatusTooManyRequests }, call)
}

func retry[T any](ctx context.Context, c *Client, what string, again func(error) bool, call func(context.Context) (T, error)) (T, error) {
	var zero T
	pause := c.Retry
	for attempt := 1; ; attempt++ {
		cctx, cancel := context.WithTimeout(ctx, c.CallTimeout)
		v, err := call(cctx)
		cancel()
		if err == nil {
			return v, nil
		}
		if ctx.Err() != nil || !again(err) || attempt == ReadAttempts {
			return zero, err
		}
		wait := pause/2 + rand.N(pause) // jitter around the pause
		if ra := RetryAfter(err); ra > wait {
			wait = ra
		}
		if c.Log != nil {
			c.Log.Warn("retrying a call to the Cloud SQL Admin API", "call", what, "attempt", attempt, "in", wait.Round(time.Millisecond), "error", err)
		}
		if step.Sleep(ctx, wait) != nil {
			return zero, err
		}
		pause *= 2
	}
}

// Retryable: a 5xx, a 429, or no answer (but not a 4xx).
func Retryable(err error) bool {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return ge.Code >= 500 || ge.Code == http.StatusTooManyRequests
	}
	return true
}

// RetryAfter reads a Retry-After in seconds, capped at a minute.
func RetryAfter(err error) time.Duration {
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Header == nil {
		return 0
	}
	s, err2 := strconv.Atoi(ge.Header.Get("Retry-After"))
	if err2 != nil || s < 0 {
		return 0
	}
	return min(time.Duration(s)*time.Second, time.Minute)
}

// StatusCode is an API error's HTTP status, or 0.
func StatusCode(err error) int {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return 0
}

// OperationError is the message of an operation that ended in error.
func OperationError(op *sqladmin.Operation) string {
	if op.Error == nil || len(op.Error.Errors) == 0 {
		return ""
	}
	var msgs []string
	for _, e := range op.Error.Errors {
		m := e.Message
		if e.Code != "" {
			m = e.Code + ": " + m
		}
		msgs = append(msgs, m)
	}
	return strings.Join(msgs, "; ")
}

// PollDelay is the wait before the n-th read of an operation (n from 0):
// it doubles from first up to most.
func PollDelay(n int, first, most time.Duration) time.Duration {
	d := first
	for range n {
		d *= 2
		if d >= most {
			return most
		}
	}
	return min(d, most)
}

// StillRunning is an operation that was sent and had not ended when the
// caller had to stop: it goes on without us.
type StillRunning struct {
	Op      *sqladmin.Operation
	Project string
	What    string // "the restore onto olympus-staging"
	Cause   error
}

func (e *StillRunning) Error() string {
	why := "the step timed out"
	if errors.Is(e.Cause, context.Canceled) {
		why = "the step was cancelled"
	}
	return fmt.Sprintf("%s while %s was running: operation %s is %s and goes on without us; "+
		"follow it with `gcloud sql operations wait %s --project %s`", why, e.What, e.Op.Name, e.Op.Status, e.Op.Name, e.Project)
}

func (e *StillRunning) Unwrap() error { return e.Cause }

// Poller follows operations to DONE.
type Poller struct {
	// Get reads an operation (operations.get, retried as reads are).
	Get func(ctx context.Context, project, name string) (*sqladmin.Operation, error)
	// First and Most bound the pause between reads, which doubles.
	First, Most time.Duration
	Log         *slog.Logger
}

// Wait reads op with backoff until it is DONE, and returns an error with
// the operation's own message when it ended in one. what names the
// operation in errors and logs.
func (p *Poller) Wait(ctx context.Context, project string, op *sqladmin.Operation, what string) (*sqladmin.Operation, error) {
	last := op.Status
	for n := 0; ; n++ {
		if op.Status == "DONE" {
			if msg := OperationError(op); msg != "" {
				return op, fmt.Errorf("%s (operation %s) ended in error: %s", what, op.Name, msg)
			}
			return op, nil
		}
		if err := step.Sleep(ctx, PollDelay(n, p.First, p.Most)); err != nil {
			return op, &StillRunning{Op: op, Project: project, What: what, Cause: err}
		}
		next, err := p.Get(ctx, project, op.Name)
		if err != nil {
			if ctx.Err() != nil {
				return op, &StillRunning{Op: op, Project: project, What: what, Cause: ctx.Err()}
			}
			return op, fmt.Errorf("failed to read the operation of %s, %s (it goes on; follow it with `gcloud sql operations wait %s --project %s`): %w",
				what, op.Name, op.Name, project, err)
		}
		op = next
		if op.Status != last && p.Log != nil {
			p.Log.Info("operation", "what", what, "operation", op.Name, "status", op.Status)
			last = op.Status
		}
	}
}
