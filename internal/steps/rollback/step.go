// Package rollback is the traffic-rollback step: move all of a Cloud Run
// service's traffic to the last known-good revision, or release a rollback
// once a fix is deployed; internal/adapters/cloudrun chooses and moves.
package rollback

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"google.golang.org/grpc/grpclog"

	"github.com/google/go-github/v90/github"

	"github.com/olympus-cloud/deploy-actions/internal/adapters/cloudrun"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/githubapi"
	"github.com/olympus-cloud/deploy-actions/internal/adapters/incident"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
)

// Roller does one rollback.
type Roller struct {
	Config Config
	Run    cloudrun.API
	Report step.Reporter
	// Incidents, when set, files the record (an issue, a file).
	Incidents *incident.Filer
	// Records finds the known-good revision; nil looks for none.
	Records Records
}

func run(ctx context.Context, rt *step.Runtime) error {
	cfg, err := resolve(rt)
	if err != nil {
		return err
	}
	if cfg.RegionDefault {
		rt.Log().Info("region not given: using the default", "region", cfg.Region)
	}
	// gRPC logs its errors to the process's stderr by default: through
	// the step's untrusted stream instead, redacted and fenced.
	grpclog.SetLoggerV2(grpclog.NewLoggerV2(io.Discard, io.Discard, rt.Stderr))
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	api, err := cloudrun.Dial(ctx, cfg.Endpoint)
	if err != nil {
		return err
	}
	defer api.Close()
	r := &Roller{Config: cfg, Run: api, Report: rt.Report, Incidents: incident.New(rt.Report, rt.GitHub, rt.Workdir),
		Records: records(cfg, rt.GitHub.Repository, func() (*github.Client, error) {
			return githubapi.New(rt.GitHub, rt.Log(), githubapi.Options{Timeout: 10 * time.Second, Attempts: 2})
		})}
	return r.Process(ctx)
}

// Process looks for the known-good revision (a rollback without a named
// target), reads the service and its revisions, chooses the target, moves
// the traffic and waits until it serves. Once the change was sent, the
// outputs, the summary and the incident record are written whatever
// happens next (a failed operation, the timeout, a cancel), saying whether
// the traffic moved as read again from the service.
func (r *Roller) Process(ctx context.Context) error {
	cfg := r.Config
	mover := &cloudrun.Mover{API: r.Run, Project: cfg.Project, Region: cfg.Region, Service: cfg.Service, Poll: cfg.Poll}
	// A rollback without a named target looks for the known-good
	// revision first, once: the choice is made again on a re-read, not
	// the search.
	var known cloudrun.KnownGood
	if cfg.ToRevision == "" && r.Records != nil {
		known = r.Records.KnownGood(ctx, cfg.Project, cfg.Region, cfg.Service)
		r.Report.Logger().Info("known-good revision", "revision", known.Revision, "recorded-by", known.Source, "missing", known.Missing)
	}
	choose := func(s cloudrun.State) (cloudrun.Choice, error) {
		return cloudrun.ChooseFor(s, cfg.ToRevision, known, cfg.AllowSplit)
	}
	choice, sent, err := mover.Move(ctx, choose, func(c cloudrun.Choice) bool {
		r.Report.SetOutput("from-revisions", fromOutput(c.From))
		r.Report.SetOutput("to-revision", c.Target)
		r.Report.SetOutput("chosen-by", c.ChosenBy)
		return c.Changed && !cfg.DryRun
	})
	if !sent {
		var refusal *step.VerdictError
		if errors.As(err, &refusal) {
			return step.Refusef("%s; nothing was changed", refusal.Error())
		}
		if err != nil {
			return err
		}
		r.Report.SetOutput("changed", "false")
		r.Report.Summary(r.record(choice, outcomeOf(choice, cfg.DryRun)))
		return nil
	}
	outcome := mover.Settle(ctx, choice, err)
	r.Report.SetOutput("changed", outcome.Changed)
	rec := incident.Record{Subject: cfg.Service, Title: choice.Title(cfg.Service), Body: r.record(choice, outcome.Text), When: cfg.Now()}
	if r.Incidents == nil {
		r.Report.Summary(rec.Body)
	} else if _, ferr := r.Incidents.File(ctx, rec); ferr != nil {
		r.Report.Logger().Warn("failed to file the incident record", "error", ferr)
	}
	return err
}

func outcomeOf(c cloudrun.Choice, dry bool) string {
	switch {
	case !c.Changed:
		return "nothing to do: all traffic is already on the target"
	case dry:
		return "dry run: nothing was changed"
	}
	return c.Done()
}

func fromOutput(from map[string]int32) string {
	names := make([]string, 0, len(from))
	for n := range from {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s=%d", n, from[n])
	}
	return b.String()
}

// record is the Markdown record of the change, for the summary, the
// incident file and the issue.
func (r *Roller) record(c cloudrun.Choice, outcome string) string {
	cfg := r.Config
	reason := cfg.Reason
	if reason == "" {
		reason = "(not given)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## %s: `%s`\n\n", c.Heading(), cfg.Service)
	fmt.Fprintf(&b, "| | |\n|---|---|\n| Service | `%s` |\n| Project | `%s` |\n| Region | `%s`%s |\n", cfg.Service, cfg.Project, cfg.Region, regionNote(cfg))
	fmt.Fprintf(&b, "| Before | %s |\n| After | %s |\n", cloudrun.Describe(c.From), c.After())
	chosen := c.Rule() + " (`" + c.ChosenBy + "`)"
	if c.Note != "" {
		chosen += ": " + c.Note
	}
	fmt.Fprintf(&b, "| Chosen by | %s |\n", report.Cell(chosen))
	if !c.Latest && c.Changed {
		rolled := "none"
		if len(c.RolledBackFrom) > 0 {
			rolled = "`" + strings.Join(c.RolledBackFrom, "`, `") + "`"
		}
		fmt.Fprintf(&b, "| Rolled back from | %s (newest first; a roll forward to LATEST is refused while it is one of them) |\n", rolled)
	}
	fmt.Fprintf(&b, "| Reason | %s |\n| Who | %s |\n| When | %s |\n| Outcome | %s |\n\n",
		report.Cell(reason), cfg.Who, cfg.Now().UTC().Format(time.RFC3339), report.Cell(outcome))
	b.WriteString(advice(c, cfg.Project, cfg.Region, cfg.Service))
	return b.String()
}

// regionNote says in the record that the region was not given.
func regionNote(cfg Config) string {
	if cfg.RegionDefault {
		return " (the default: region was not given)"
	}
	return ""
}

// advice ends the record: what to do next.
func advice(c cloudrun.Choice, project, region, service string) string {
	if c.Latest {
		return "Traffic follows the latest Ready revision again: the next deploy's revision gets it.\n"
	}
	return "This is a manual change: document it in the incident, and deploy a fix rather than leaving traffic pinned. " +
		"`deploy` does not move the traffic back by itself; once the fix is deployed, release the pin with:\n\n    " +
		policy.Pinned{Project: project, Region: region, Service: service}.ReleaseCommand() + "\n"
}
