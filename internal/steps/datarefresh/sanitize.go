package datarefresh

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ColumnCheck is the verification of one column: how many values were
// sampled before the SQL ran, and what was left of them after. It holds
// counts only, never a value.
type ColumnCheck struct {
	Database string
	Column   Column
	Rule     Rule
	Sampled  int
	Count    Count
	Passed   bool
	Note     string
}

// Judge says whether a column passed its rule: no sampled value left for
// fake and hash, no value at all for null. keep is not verified.
func Judge(rule Rule, sampled int, c Count) (bool, string) {
	switch rule.Kind {
	case RuleKeep:
		return true, "kept: " + rule.Reason
	case RuleNull:
		if c.NonNull > 0 {
			return false, fmt.Sprintf("%d value(s) are not null", c.NonNull)
		}
		return true, "all null"
	}
	switch {
	case c.Survived > 0:
		return false, fmt.Sprintf("%d row(s) still hold a sampled value", c.Survived)
	case sampled == 0:
		return true, "no value to sample"
	}
	return true, "no sampled value left"
}

// session is one database of the scratch instance, open from the schema
// check until the verification.
type session struct {
	name  string
	rules *DatabaseRules
	s     Session
}

// sanitize checks every database's columns against the manifest (and
// refuses before anything runs), samples the personal columns, runs the
// SQL, and verifies. A failed verification is a refusal: nothing reaches
// the target.
func (r *Refresher) sanitize(ctx context.Context, rec *refresh) (err error) {
	cfg := r.Config
	dbs, err := r.API.ListDatabases(ctx, cfg.TargetProject, rec.scratch)
	if err != nil {
		return fmt.Errorf("failed to list the databases of the scratch instance: %w", err)
	}
	scratch, err := r.API.GetInstance(ctx, cfg.TargetProject, rec.scratch)
	if err != nil {
		return fmt.Errorf("failed to read the scratch instance: %w", err)
	}
	conn := scratch.ConnectionName
	var sessions []*session
	defer func() {
		for _, s := range sessions {
			s.s.Close(context.WithoutCancel(ctx))
		}
	}()
	names := userDatabases(dbs)
	var problems []Problem
	for _, name := range names {
		s, err := r.DB.Open(ctx, conn, name, IAMUser(cfg.ServiceAccount))
		if err != nil {
			return err
		}
		sess := &session{name: name, rules: cfg.Sanitize.Database(name), s: s}
		sessions = append(sessions, sess)
		cols, err := s.Columns(ctx)
		if err != nil {
			return fmt.Errorf("database %s: %w", name, err)
		}
		problems = append(problems, Coverage(name, cols, sess.rules, cfg.Sanitize.PersonalNames)...)
	}
	for _, d := range cfg.Sanitize.Databases {
		if !contains(names, d.Name) {
			problems = append(problems, Problem{d.Name, "the manifest names this database, which the backup does not have; remove it or fix its name"})
		}
	}
	if len(problems) > 0 {
		var lines []string
		for _, p := range problems {
			lines = append(lines, p.String())
		}
		return refuse("the sanitization does not cover the restored schema; nothing was run and nothing reaches the target:\n- %s", strings.Join(lines, "\n- "))
	}

	samples := map[string]map[string]map[Column][]string{} // database → table → column → values
	for _, s := range sessions {
		if s.rules == nil {
			continue
		}
		samples[s.name] = map[string]map[Column][]string{}
		for table, cols := range verifiedTables(s.rules) {
			got, err := s.s.Sample(ctx, table, cols, r.sampleRows())
			if err != nil {
				return fmt.Errorf("database %s: %w", s.name, err)
			}
			for _, c := range cols {
				if got[c] == nil {
					got[c] = []string{}
				}
			}
			samples[s.name][table] = got
		}
	}
	for _, s := range sessions {
		if s.rules == nil || len(s.rules.Files) == 0 {
			continue
		}
		r.Report.Logger().Info("running the sanitization", "database", s.name, "files", len(s.rules.Files))
		if err := s.s.Sanitize(ctx, s.rules.Files); err != nil {
			var sqlErr *SQLError
			if errors.As(err, &sqlErr) {
				// The repository's SQL is wrong: a verdict, not an outage.
				return refuse("the sanitization of database %s failed, so nothing reaches the target: %v", s.name, err)
			}
			return fmt.Errorf("database %s: %w", s.name, err)
		}
	}
	failed := 0
	for _, s := range sessions {
		if s.rules == nil {
			continue
		}
		after := map[Column]Count{}
		for table, got := range samples[s.name] {
			counts, err := s.s.Survivors(ctx, table, got)
			if err != nil {
				return fmt.Errorf("database %s: %w", s.name, err)
			}
			for c, n := range counts {
				after[c] = n
			}
		}
		for _, c := range s.rules.SortedColumns() {
			rule := s.rules.Columns[c]
			sampled := len(samples[s.name][c.TableName()][c])
			ok, note := Judge(rule, sampled, after[c])
			if !ok {
				failed++
			}
			rec.checks = append(rec.checks, ColumnCheck{Database: s.name, Column: c, Rule: rule, Sampled: sampled, Count: after[c], Passed: ok, Note: note})
		}
	}
	if failed > 0 {
		rec.verification = "failed"
		return refuse("the verification failed: %d column(s) still hold personal values after the sanitization (see the verification table); nothing reaches the target", failed)
	}
	rec.verification = "passed"
	return nil
}

// verifiedTables groups the columns whose rule is verified by table.
func verifiedTables(rules *DatabaseRules) map[string][]Column {
	out := map[string][]Column{}
	for _, c := range rules.SortedColumns() {
		if rules.Columns[c].Kind != RuleKeep {
			out[c.TableName()] = append(out[c.TableName()], c)
		}
	}
	for _, cols := range out {
		sort.Slice(cols, func(i, j int) bool { return cols[i].Name < cols[j].Name })
	}
	return out
}

func (r *Refresher) sampleRows() int {
	if r.SampleRows > 0 {
		return r.SampleRows
	}
	return 200
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
