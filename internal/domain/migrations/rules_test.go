package migrations_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/migrations"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
)

// Rule cases: testdata/rules/<family>.sql holds, for every rule of the
// family, migrations that break it and migrations that do the same thing
// safely. Each case starts with a header line
//
//	-- case: unsafe|safe <rule> [pg=<version>] [history] <what it shows>
//
// and runs to the next header; its findings go to <family>.findings. A
// case marked history is split at `-- next migration`: the files before
// it are learnt (they ran already), the last one is judged. An unsafe case
// must have a finding of its rule, a safe one none.

type ruleCase struct {
	name, rule string
	unsafe     bool
	pg         int
	files      []string
	line       int
}

var caseHeader = regexp.MustCompile(`^-- case: (unsafe|safe) ([a-z-]+)((?: pg=\d+| history)*) (.+)$`)

func readCases(t *testing.T, path string) []ruleCase {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var cases []ruleCase
	for i, l := range strings.SplitAfter(string(src), "\n") {
		if m := caseHeader.FindStringSubmatch(strings.TrimRight(l, "\n")); m != nil {
			c := ruleCase{name: m[4], rule: m[2], unsafe: m[1] == "unsafe", pg: migrations.DefaultPostgresVersion, line: i + 1}
			for _, opt := range strings.Fields(m[3]) {
				if v, ok := strings.CutPrefix(opt, "pg="); ok {
					c.pg, _ = strconv.Atoi(v)
				}
			}
			cases = append(cases, c)
			continue
		}
		if strings.HasPrefix(l, "-- case:") {
			t.Fatalf("%s:%d: malformed case header %q", path, i+1, l)
		}
		if len(cases) == 0 {
			continue
		}
		c := &cases[len(cases)-1]
		if strings.TrimSpace(l) == "-- next migration" || len(c.files) == 0 {
			c.files = append(c.files, "")
			if strings.TrimSpace(l) == "-- next migration" {
				continue
			}
		}
		c.files[len(c.files)-1] += l
	}
	return cases
}

func (c ruleCase) run() migrations.Report {
	g := migrations.New(migrations.Options{PostgresVersion: c.pg})
	for _, f := range c.files[:len(c.files)-1] {
		g.Learn([]byte(f))
	}
	return g.Check("case.sql", []byte(c.files[len(c.files)-1]))
}

// TestRuleCases compares each family's findings with its expected output,
// and checks that each unsafe case finds its rule and each safe one does not.
func TestRuleCases(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "rules", "*.sql"))
	if len(files) == 0 {
		t.Fatal("no rule cases")
	}
	for _, path := range files {
		family := strings.TrimSuffix(filepath.Base(path), ".sql")
		t.Run(family, func(t *testing.T) {
			var out strings.Builder
			for _, c := range readCases(t, path) {
				r := c.run()
				fmt.Fprintf(&out, "== %s %s pg=%d: %s\n", map[bool]string{true: "unsafe", false: "safe"}[c.unsafe], c.rule, c.pg, c.name)
				out.WriteString(render(r))
				// The safe way each finding gives, where versions differ.
				for _, f := range append(r.Findings, r.Allowed...) {
					fmt.Fprintf(&out, "    instead (%s): %s\n", f.Rule, f.Alternative)
				}
				found := slices.Contains(rules(r.Findings), c.rule)
				if found != c.unsafe {
					t.Errorf("%s:%d %q: findings %v, allowed %v; want %s %v", path, c.line, c.name, rules(r.Findings), rules(r.Allowed), c.rule, c.unsafe)
				}
			}
			golden.Check(t, filepath.Join("rules", family+".findings"), out.String())
		})
	}
}

// TestEveryRuleHasCases: every rule the guard reports has a safe and an
// unsafe case, read from the package's source so that a new rule cannot
// be added without them.
func TestEveryRuleHasCases(t *testing.T) {
	ruleRe := regexp.MustCompile(`Rule:\s*"([a-z-]+)"`)
	srcs, _ := filepath.Glob("*.go")
	want := map[string]bool{}
	for _, p := range srcs {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ruleRe.FindAllStringSubmatch(string(b), -1) {
			want[m[1]] = true
		}
	}
	have := map[string]map[bool]bool{}
	files, _ := filepath.Glob(filepath.Join("testdata", "rules", "*.sql"))
	for _, path := range files {
		for _, c := range readCases(t, path) {
			if have[c.rule] == nil {
				have[c.rule] = map[bool]bool{}
			}
			have[c.rule][c.unsafe] = true
		}
	}
	// Rules with no safe variant: any use of them is the finding.
	noSafe := map[string]bool{"invalid-sql": true, "contract-without-reason": true}
	for rule := range want {
		if !have[rule][true] {
			t.Errorf("rule %s has no unsafe case in testdata/rules", rule)
		}
		if !have[rule][false] && !noSafe[rule] {
			t.Errorf("rule %s has no safe case in testdata/rules", rule)
		}
	}
}
