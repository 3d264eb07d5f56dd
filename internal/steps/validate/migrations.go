package validate

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/olympus-cloud/deploy-actions/internal/domain/migrations"
	"github.com/olympus-cloud/deploy-actions/internal/framework/report"
	"github.com/olympus-cloud/deploy-actions/internal/framework/step"
	"github.com/olympus-cloud/deploy-actions/internal/steps/validate/validatespec"
)

// The migrations check: the migration guard over the SQL migrations
// changed since the base (internal/domain/migrations).

// DefaultMigrationsPath is where migrations are looked for by default.
const DefaultMigrationsPath = validatespec.DefaultMigrationsPath

// MigrationCheck is the migrations check with its files chosen.
type MigrationCheck struct {
	// Root is the workspace the paths are relative to; reads through it
	// cannot leave it, symbolic links included.
	Root      *os.Root
	Glob      string
	Selection migrations.Selection
	// Options are what the guard knows of the database; LockSeverity is
	// the severity of its lock findings.
	Options      migrations.Options
	LockSeverity Severity
}

// MigrationsResult is what the migrations check judged.
type MigrationsResult struct {
	Glob      string
	Selection migrations.Selection
	// Contracts are the contract-phase files and what they let pass.
	Contracts []migrations.Report
}

// Run judges the chosen files in the order they run, after learning from
// the earlier migrations that are not judged again what they created (a
// column's type, a constraint), and turns the findings into validate
// findings.
func (m *MigrationCheck) Run(ctx context.Context) ([]Finding, *MigrationsResult, error) {
	res := &MigrationsResult{Glob: m.Glob, Selection: m.Selection}
	var found []Finding
	guard := migrations.New(m.Options)
	judged := map[string]bool{}
	for _, f := range m.Selection.Files {
		judged[f] = true
	}
	left := len(m.Selection.Files)
	for _, name := range m.Selection.Matches {
		if left == 0 {
			break // nothing after the last judged file changes a verdict
		}
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		src, err := migrations.ReadFile(m.Root, name)
		if !judged[name] {
			if err == nil {
				// A history file the guard cannot read teaches it nothing:
				// it then judges as if it had never seen it.
				guard.Learn(src)
			}
			continue
		}
		left--
		if err != nil {
			return nil, nil, fmt.Errorf("failed to read migration %q: %w", name, err)
		}
		rep := guard.Check(name, src)
		for _, f := range rep.Findings {
			found = append(found, m.finding(name, f))
		}
		if rep.Contract != nil {
			res.Contracts = append(res.Contracts, rep)
		}
	}
	return found, res, nil
}

// MigrationsLink documents the guard's rules.
const MigrationsLink = "https://github.com/olympus-cloud/deploy-actions#migration-guard"

// finding turns a guard's finding into validate's: lock findings at the
// severity chosen for them, all others high.
func (m *MigrationCheck) finding(file string, f migrations.Finding) Finding {
	sev := High
	if f.Class == migrations.Lock {
		sev = m.LockSeverity
	}
	return Finding{
		Check: "migrations", RuleID: f.Rule, Severity: sev, File: file, Line: f.Line,
		Title:      f.Title,
		Message:    f.Message + " Instead: " + f.Alternative,
		Link:       MigrationsLink,
		Detail:     f.Statement,
		DetailLang: "sql",
	}
}

// resolveMigrations chooses the files before any check runs: a bad glob,
// a base that names no commit, or a file outside the workspace is bad
// input, and nothing runs.
func resolveMigrations(ctx context.Context, rt *step.Runtime) (*MigrationCheck, error) {
	glob := rt.Inputs.String("migrations-path")
	root, err := os.OpenRoot(rt.Workdir)
	if err != nil {
		return nil, fmt.Errorf("failed to open the working directory: %w", err)
	}
	base, fromInput := rt.Inputs.String("migrations-base"), true
	if base == "" {
		base, fromInput = PullRequestBase(rt.GitHub), false
	}
	sel, err := migrations.Select(ctx, root, glob, base, migrations.ExecGit{Getenv: rt.Getenv})
	var unknown *migrations.UnknownBaseError
	switch {
	case errors.As(err, &unknown) && fromInput:
		root.Close()
		return nil, step.InputError("migrations-base", base, fmt.Errorf("%v; give a branch, tag or commit of this clone, such as origin/main", err))
	case errors.As(err, &unknown):
		// The event's base is not in this clone (a force-pushed base):
		// judge everything rather than nothing.
		sel, err = migrations.Select(ctx, root, glob, "", nil)
		sel.Base, sel.Why = base, fmt.Sprintf("the pull request's base %s is not in this clone", base)
	}
	if err != nil {
		root.Close()
		return nil, step.InputError("migrations-path", glob, err)
	}
	for _, f := range sel.Files {
		if _, err := root.Stat(f); err != nil {
			root.Close()
			return nil, step.InputError("migrations-path", glob, fmt.Errorf("cannot read %q inside the working directory: %w", f, err))
		}
	}
	// The parser's compiled WebAssembly is kept in the tools cache; without
	// it the guard is only slower.
	cache, err := step.CacheDir(rt.Getenv)
	if err == nil {
		err = migrations.SetCacheDir(filepath.Join(cache, "pgquery-wasm"))
	}
	if err != nil {
		slog.Warn("the migration guard compiles its SQL parser on every run", "err", err)
	}
	lockSeverity, err := ParseSeverity(rt.Inputs.String("migrations-lock-severity"))
	if err != nil {
		root.Close()
		return nil, step.InputError("migrations-lock-severity", rt.Inputs.String("migrations-lock-severity"), err)
	}
	pgVersion, err := validatespec.ParsePostgresVersion(rt.Inputs.String("migrations-postgres-version"))
	if err != nil {
		root.Close()
		return nil, step.InputError("migrations-postgres-version", rt.Inputs.String("migrations-postgres-version"), err)
	}
	return &MigrationCheck{Root: root, Glob: glob, Selection: sel, LockSeverity: lockSeverity,
		Options: migrations.Options{PostgresVersion: pgVersion}}, nil
}

// PullRequestBase is the base commit of the pull request that triggered
// the run, or "" for any other event.
func PullRequestBase(gh step.GitHub) string {
	if gh.EventName != "pull_request" && gh.EventName != "pull_request_target" {
		return ""
	}
	var ev struct {
		PullRequest struct {
			Base struct {
				SHA string `json:"sha"`
				Ref string `json:"ref"`
			} `json:"base"`
		} `json:"pull_request"`
	}
	if json.Unmarshal(gh.Event, &ev) != nil {
		return ""
	}
	if sha := ev.PullRequest.Base.SHA; step.GitRef(sha) == nil {
		return sha
	}
	return ""
}

// migrationsSummary is the summary's part on migrations: the contract
// phases first, as they need a reader's attention, then what was judged.
func migrationsSummary(b *strings.Builder, m *MigrationsResult) {
	if m == nil {
		return
	}
	sel := m.Selection
	b.WriteString("\n### Migrations\n\n")
	switch {
	case sel.Matched == 0:
		fmt.Fprintf(b, "No file matches `%s`.\n", m.Glob)
		return
	case sel.All:
		fmt.Fprintf(b, "Judged all %d file(s) matching `%s`: %s.\n", len(sel.Files), m.Glob, sel.Why)
	case sel.Since == sel.Base:
		fmt.Fprintf(b, "Judged %d of %d file(s) matching `%s`: those added or changed since `%s`.\n",
			len(sel.Files), sel.Matched, m.Glob, shortSHA(sel.Since))
	default:
		fmt.Fprintf(b, "Judged %d of %d file(s) matching `%s`: those added or changed since `%s` (merge base `%s`).\n",
			len(sel.Files), sel.Matched, m.Glob, shortSHA(sel.Base), shortSHA(sel.Since))
	}
	if len(sel.Files) > 0 {
		b.WriteString("\n<details><summary>Files judged</summary>\n\n")
		for _, f := range sel.Files {
			fmt.Fprintf(b, "- `%s`\n", f)
		}
		b.WriteString("\n</details>\n")
	}
	b.WriteString("\nSchema changes must be backward-compatible (expand); destructive ones go in a later migration marked " +
		"`-- olympus:contract <reason>` (contract), once no running version uses what they remove.\n")
}

// contractsSummary lists the contract-phase files prominently, with their
// reasons and the destructive statements they let pass.
func contractsSummary(b *strings.Builder, m *MigrationsResult) {
	if m == nil || len(m.Contracts) == 0 {
		return
	}
	b.WriteString("> [!IMPORTANT]\n> **Contract phase**: these destructive statements pass because their migration says `-- olympus:contract`. " +
		"Deploy them only once no running version uses what they remove.\n>\n")
	for _, r := range m.Contracts {
		fmt.Fprintf(b, "> - %s, reason: %s\n", report.Code(fmt.Sprintf("%s:%d", r.File, r.Contract.Line)), report.Line(r.Contract.Reason))
		for _, f := range r.Allowed {
			fmt.Fprintf(b, ">   - line %d: %s\n", f.Line, report.Line(f.Title))
		}
		if len(r.Allowed) == 0 {
			b.WriteString(">   - no destructive statement\n")
		}
	}
	b.WriteString("\n")
}

// shortSHA shortens a full commit id, and leaves a ref name alone.
func shortSHA(s string) string {
	if len(s) == 40 && strings.Trim(s, "0123456789abcdef") == "" {
		return s[:12]
	}
	return s
}
