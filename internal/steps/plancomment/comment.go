package plancomment

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Comment is a pull request comment.
type Comment struct {
	ID   int64
	Body string
	URL  string
	// Author is the login of who wrote it.
	Author string
}

// Comments are the comments of one pull request, with owner, repository
// and number bound in.
type Comments interface {
	List(ctx context.Context) ([]Comment, error)
	Get(ctx context.Context, id int64) (Comment, error)
	Create(ctx context.Context, body string) (Comment, error)
	Edit(ctx context.Context, id int64, body string) (Comment, error)
	Delete(ctx context.Context, id int64) error
}

// ErrUnsure is wrapped by a Create whose outcome is unknown (the server
// failed after the request was sent): the comment may exist.
var ErrUnsure = errors.New("the outcome is unknown")

// Upserter keeps one comment per working directory up to date with our
// environments' sections, never losing another job's section.
type Upserter struct {
	Comments Comments
	Dir      string
	Log      *slog.Logger
	// Settle is how long to wait before checking that a write stuck; jobs
	// for other environments may write in that time.
	Settle   time.Duration
	Attempts int
	// Redact removes the masked secrets from every body written: the
	// rendering redacts what it knows, this is the last guard.
	Redact func(string) string
	// Owner is the login our token acts as. Only comments it wrote are
	// ours: anyone can post a comment carrying our marker, and such a
	// forgery is never edited, merged or deleted.
	Owner string
}

// Upsert writes our sections and returns the comment. New comments are
// made when mode is "new"; "update" edits the existing one.
//
// GitHub has no conditional update, so a job that read the body just
// before another job wrote it could write back the other job's old section.
// Each job therefore re-reads right before writing and, after writing and a
// settle time, checks that its own sections are still there, and writes
// again (merging the latest body) when they are not.
func (u *Upserter) Upsert(ctx context.Context, ours []*EnvPlan, mode string) (Comment, error) {
	if mode == "new" {
		return u.Comments.Create(ctx, u.body("", ours))
	}
	attempts := max(u.Attempts, 1)
	var last error
	for attempt := 1; attempt <= attempts; attempt++ {
		c, err := u.writeOnce(ctx, ours)
		if err != nil {
			return Comment{}, err
		}
		if err := step.Sleep(ctx, u.jitter()); err != nil {
			return Comment{}, err
		}
		now, ok, err := u.find(ctx)
		if err != nil {
			return Comment{}, err
		}
		if ok && u.holdsOurs(now.Body, c.Body, ours) {
			return now, nil
		}
		last = fmt.Errorf("another job overwrote the comment %d", c.ID)
		u.Log.Info("comment changed under us; writing again", "attempt", attempt, "comment", c.ID)
	}
	return Comment{}, fmt.Errorf("failed to update the plan comment after %d attempts: %w", attempts, last)
}

// body merges our sections into existing and redacts the result.
func (u *Upserter) body(existing string, ours []*EnvPlan) string {
	b := Merge(u.Dir, existing, ours, CommentLimit)
	if u.Redact != nil {
		b = u.Redact(b)
	}
	return b
}

// writeOnce creates the comment or merges our sections into it.
func (u *Upserter) writeOnce(ctx context.Context, ours []*EnvPlan) (Comment, error) {
	existing, ok, err := u.find(ctx)
	if err != nil {
		return Comment{}, err
	}
	if !ok {
		c, err := u.Comments.Create(ctx, u.body("", ours))
		if errors.Is(err, ErrUnsure) {
			// It may have been made: look again rather than post twice.
			if existing, ok, err = u.find(ctx); err != nil || !ok {
				return Comment{}, fmt.Errorf("failed to create the plan comment: %w", errors.Join(err, ErrUnsure))
			}
		} else if err != nil {
			return Comment{}, fmt.Errorf("failed to create the plan comment: %w", err)
		} else {
			return u.dedupe(ctx, c, ours)
		}
	}
	// Re-read right before writing, to keep the window for a lost update small.
	fresh, err := u.Comments.Get(ctx, existing.ID)
	if err != nil {
		return Comment{}, fmt.Errorf("failed to read the plan comment: %w", err)
	}
	c, err := u.Comments.Edit(ctx, fresh.ID, u.body(fresh.Body, ours))
	if err != nil {
		return Comment{}, fmt.Errorf("failed to update the plan comment: %w", err)
	}
	return c, nil
}

// dedupe handles two jobs creating the comment at once: the oldest comment
// wins, and the newer one moves its sections there and is deleted.
func (u *Upserter) dedupe(ctx context.Context, mine Comment, ours []*EnvPlan) (Comment, error) {
	all, err := u.all(ctx)
	if err != nil || len(all) < 2 || all[0].ID == mine.ID {
		return mine, err
	}
	winner := all[0]
	c, err := u.Comments.Edit(ctx, winner.ID, u.body(winner.Body, ours))
	if err != nil {
		return Comment{}, fmt.Errorf("failed to update the plan comment: %w", err)
	}
	if err := u.Comments.Delete(ctx, mine.ID); err != nil {
		u.Log.Warn("failed to delete a duplicate plan comment", "comment", mine.ID, "error", err)
	}
	return c, nil
}

// holdsOurs reports whether body still has the sections we wrote.
func (u *Upserter) holdsOurs(body, wrote string, ours []*EnvPlan) bool {
	have, want := ParseSections(body), ParseSections(wrote)
	for _, e := range ours {
		if have[e.Environment] != want[e.Environment] {
			return false
		}
	}
	return true
}

func (u *Upserter) all(ctx context.Context) ([]Comment, error) {
	list, err := u.Comments.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("failed to list the pull request's comments: %w", err)
	}
	marker := Marker(u.Dir)
	var out []Comment
	for _, c := range list {
		if strings.HasPrefix(c.Body, marker) && c.Author == u.Owner {
			out = append(out, c)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func (u *Upserter) find(ctx context.Context) (Comment, bool, error) {
	all, err := u.all(ctx)
	if err != nil || len(all) == 0 {
		return Comment{}, false, err
	}
	return all[0], true, nil
}

func (u *Upserter) jitter() time.Duration {
	if u.Settle <= 0 {
		return 0
	}
	return u.Settle/2 + rand.N(u.Settle)
}
