// Package incident files the record of a manual change to production:
// a traffic rollback, a break-glass deploy, a point-in-time recovery. Our
// strategy allows such changes only when they are documented, so every
// step that makes one files the same record the same way: the job summary
// always, a Markdown file when run from a laptop, and an issue labelled
// incident when a token and a repository are known.
package incident

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Label marks incident issues; drift-reconcile lists them.
const Label = "incident"

// Record is one manual change.
type Record struct {
	// Subject is what changed (a service, an environment, an instance);
	// it names the file.
	Subject string
	// Title is the issue's title.
	Title string
	// Body is the Markdown record, also the summary's.
	Body string
	When time.Time
	// Label, when set, replaces Label on the issue and in the file's
	// name: a record that is not an incident (a data refresh) keeps out
	// of what lists incidents.
	Label string
}

func (r Record) label() string {
	if r.Label != "" {
		return r.Label
	}
	return Label
}

// Filed says where a record went.
type Filed struct {
	File     string
	IssueURL string
}

// Issues opens issues in the run's repository.
type Issues interface {
	Create(ctx context.Context, title, body string, labels []string) (url string, err error)
}

// Filer files records for one step run.
type Filer struct {
	// Report receives the summary, and redacts everything filed.
	Report step.Reporter
	// Dir, when set, receives incident-<subject>-<time>.md (outside
	// Actions, where there is no job summary to keep it).
	Dir string
	// Issues, when set, receives an incident issue.
	Issues Issues
}

// New returns the Filer of a step's run: a file in workdir outside
// Actions, an issue when a token and repository are known.
func New(rep step.Reporter, gh step.GitHub, workdir string) *Filer {
	f := &Filer{Report: rep}
	if !gh.Actions {
		f.Dir = workdir
	}
	if gh.Token != "" && gh.Repository != "" {
		if client, err := githubapi.New(gh, rep.Logger(), githubapi.Options{}); err == nil {
			owner, repo, _ := strings.Cut(gh.Repository, "/")
			f.Issues = &githubIssues{client: client, owner: owner, repo: repo}
		}
	}
	return f
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// FileName is the record's file name.
func (r Record) FileName() string {
	subject := strings.Trim(unsafeName.ReplaceAllString(r.Subject, "-"), "-.")
	if subject == "" {
		subject = "change"
	}
	return fmt.Sprintf("%s-%s-%s.md", r.label(), subject, r.When.UTC().Format("20060102T150405Z"))
}

// File writes the summary, then the file and the issue. It keeps going
// when one channel fails, so that the record lands wherever it can, and
// returns every failure. The body is redacted before it leaves.
func (f *Filer) File(ctx context.Context, r Record) (Filed, error) {
	var filed Filed
	body := f.Report.Redact(r.Body)
	f.Report.Summary(body)
	var errs []error
	if f.Dir != "" {
		path := filepath.Join(f.Dir, r.FileName())
		if err := step.WriteFile(path, []byte(body), 0o644); err != nil {
			errs = append(errs, fmt.Errorf("failed to write the incident record: %w", err))
		} else {
			filed.File = path
			f.Report.Logger().Info("incident record written", "file", path)
		}
	}
	if f.Issues != nil {
		// The job may be cancelled: the record still needs filing.
		ictx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		url, err := f.Issues.Create(ictx, f.Report.Redact(r.Title), body, []string{r.label()})
		if err != nil {
			errs = append(errs, fmt.Errorf("failed to open the incident issue: %w", err))
		} else {
			filed.IssueURL = url
			f.Report.Logger().Info("incident issue opened", "url", url)
		}
	}
	return filed, errors.Join(errs...)
}

type githubIssues struct {
	client      *github.Client
	owner, repo string
}

func (g *githubIssues) Create(ctx context.Context, title, body string, labels []string) (string, error) {
	is, _, err := g.client.Issues.Create(ctx, g.owner, g.repo, github.CreateIssueRequest{Title: title, Body: &body, Labels: labels})
	if err != nil {
		return "", err
	}
	return is.GetHTMLURL(), nil
}
