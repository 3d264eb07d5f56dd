package migrations_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/migrations"
	"github.com/olympus-cloud/deploy-actions/internal/testbed/golden"
)

// render is the expected-output form of a report: the contract, then one
// entry per finding with the statement it quotes.
func render(r migrations.Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "statements: %d\n", r.Statements)
	if r.Contract != nil {
		fmt.Fprintf(&b, "contract %d: %s\n", r.Contract.Line, r.Contract.Reason)
	}
	entry := func(kind string, f migrations.Finding) {
		fmt.Fprintf(&b, "%s %d: %s: %s\n", kind, f.Line, f.Rule, f.Title)
		if f.Statement != "" {
			fmt.Fprintf(&b, "    %s\n", f.Statement)
		}
	}
	for _, f := range r.Findings {
		kind := "error"
		switch f.Class {
		case migrations.Lock:
			kind = "lock"
		case migrations.CannotJudge:
			kind = "cannot-judge"
		}
		entry(kind, f)
	}
	for _, f := range r.Allowed {
		entry("allowed", f)
	}
	return b.String()
}

func corpus(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.sql"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	return files
}

func check(t *testing.T, path string) migrations.Report {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return migrations.Check(filepath.Base(path), src)
}

// TestCorpus compares every corpus file's report with its .findings file.
func TestCorpus(t *testing.T) {
	for _, path := range corpus(t) {
		name := strings.TrimSuffix(filepath.Base(path), ".sql")
		t.Run(name, func(t *testing.T) {
			golden.Check(t, filepath.Join("corpus", name+".findings"), render(check(t, path)))
		})
	}
}

// destructive leaves out the lock findings, which tests of the other
// rules do not look at (most of their files set no lock_timeout).
func destructive(fs []migrations.Finding) []migrations.Finding {
	var out []migrations.Finding
	for _, f := range fs {
		if f.Class != migrations.Lock {
			out = append(out, f)
		}
	}
	return out
}

func rules(fs []migrations.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

// The properties the expected outputs must show, asserted on their own so
// that a careless -update cannot bless a wrong verdict.
func TestSafeStatementsPass(t *testing.T) {
	r := check(t, "testdata/corpus/001_safe_expand.sql")
	if len(destructive(r.Findings)) != 0 || r.Statements != 14 {
		t.Errorf("safe migration: %d statements, findings %v", r.Statements, r.Findings)
	}
	// Backward-compatible, but adding an identity or a serial column
	// rewrites the table, and the file sets no lock_timeout.
	if got := rules(r.Findings); !slices.Equal(got, []string{"lock-timeout", "table-rewrite", "table-rewrite"}) {
		t.Errorf("lock findings %v", got)
	}
}

func TestEveryDestructiveStatementIsFound(t *testing.T) {
	r := check(t, "testdata/corpus/002_destructive.sql")
	r.Findings = destructive(r.Findings)
	src, _ := os.ReadFile("testdata/corpus/002_destructive.sql")
	lines := strings.Split(string(src), "\n")
	// One finding per statement line, at that line, quoting it.
	for i, l := range lines {
		if i == 0 || l == "" {
			continue
		}
		if strings.HasPrefix(l, "DROP INDEX CONCURRENTLY") || strings.HasPrefix(l, "CREATE INDEX") {
			// Dropping an index loses no data: a lock question only, and
			// CONCURRENTLY takes no lock that blocks the table.
			continue
		}
		j := slices.IndexFunc(r.Findings, func(f migrations.Finding) bool { return f.Line == i+1 })
		if j < 0 {
			t.Errorf("line %d %q: no finding", i+1, l)
			continue
		}
		if f := r.Findings[j]; f.Statement != strings.TrimSuffix(l, ";") || f.Message == "" || f.Alternative == "" {
			t.Errorf("line %d: %+v", i+1, f)
		}
	}
	for _, want := range []string{"drop-table", "drop-column", "drop-schema", "rename-table", "rename-column",
		"truncate", "delete-without-where", "update-without-where", "alter-column-type", "set-not-null", "drop-default",
		"drop-constraint", "add-column-not-null", "drop-object"} {
		if !slices.Contains(rules(r.Findings), want) {
			t.Errorf("no %s finding", want)
		}
	}
}

func TestClausesAreReportedAtTheirOwnLine(t *testing.T) {
	r := check(t, "testdata/corpus/003_syntax_variants.sql")
	at := map[string]int{}
	for _, f := range r.Findings {
		if _, ok := at[f.Rule]; !ok {
			at[f.Rule] = f.Line
		}
	}
	// The DROP COLUMN is on the line after ALTER TABLE; the type change and
	// the dropped constraint are the 3rd and 5th clauses of one statement.
	want := map[string]int{"drop-column": 3, "alter-column-type": 7, "drop-constraint": 9}
	for rule, line := range want {
		if at[rule] != line {
			t.Errorf("%s at line %d, want %d", rule, at[rule], line)
		}
	}
}

func TestContractPhase(t *testing.T) {
	r := check(t, "testdata/corpus/005_contract.sql")
	if r.Contract == nil || r.Contract.Line != 2 || !strings.HasPrefix(r.Contract.Reason, "users.email unread") {
		t.Fatalf("contract %+v", r.Contract)
	}
	// DROP INDEX CONCURRENTLY loses no data: nothing to allow.
	if got := rules(r.Allowed); !slices.Equal(got, []string{"drop-column"}) {
		t.Errorf("allowed %v", got)
	}
	// Lock findings are not destructive: the contract phase leaves them.
	if got := rules(r.Findings); !slices.Equal(got, []string{"lock-timeout", "create-index-blocking"}) {
		t.Errorf("findings %v", r.Findings)
	}

	noReason := check(t, "testdata/corpus/006_contract_without_reason.sql")
	if noReason.Contract != nil || !slices.Equal(rules(destructive(noReason.Findings)), []string{"contract-without-reason", "drop-column"}) {
		t.Errorf("marker without a reason: contract %+v findings %v", noReason.Contract, rules(noReason.Findings))
	}
	inString := check(t, "testdata/corpus/007_marker_in_string.sql")
	if inString.Contract != nil || !slices.Equal(rules(destructive(inString.Findings)), []string{"drop-column"}) {
		t.Errorf("marker in a string: contract %+v findings %v", inString.Contract, rules(inString.Findings))
	}
}

func TestInvalidSQLIsAFindingAtItsLine(t *testing.T) {
	for file, line := range map[string]int{"008_invalid.sql": 4, "009_invalid_unicode.sql": 3, "011_unterminated.sql": 2} {
		r := check(t, filepath.Join("testdata", "corpus", file))
		if len(r.Findings) != 1 || r.Findings[0].Rule != "invalid-sql" || r.Findings[0].Line != line || r.Findings[0].Message == "" {
			t.Errorf("%s: findings %+v, want one invalid-sql at line %d", file, r.Findings, line)
		}
	}
	for name, src := range map[string]string{
		"NUL byte":  "SELECT 1;\nDROP\x00 TABLE x;",
		"not UTF-8": "SELECT 1;\nSELECT '\xff';",
	} {
		r := migrations.Check(name, []byte(src))
		if len(r.Findings) != 1 || r.Findings[0].Rule != "invalid-sql" || r.Findings[0].Line != 2 {
			t.Errorf("%s: %+v", name, r.Findings)
		}
	}
	// Deep expressions would overflow the WebAssembly parser's stack: a
	// finding at their line instead.
	for name, src := range map[string]string{
		"chain of +":        "SELECT 1;\nSELECT " + strings.Repeat("1+", 5000) + "1;",
		"nested parens":     "SELECT 1;\nSELECT " + strings.Repeat("(", 100000) + "1" + strings.Repeat(")", 100000) + ";",
		"chain of casts":    "SELECT 1;\nSELECT 1" + strings.Repeat("::int", 20000) + ";",
		"nested subqueries": "SELECT 1;\n" + strings.Repeat("SELECT a FROM (", 3000) + "SELECT 1 a" + strings.Repeat(") s", 3000) + ";",
	} {
		r := migrations.Check(name, []byte(src))
		if len(r.Findings) != 1 || r.Findings[0].Title != "too deeply nested to judge" || r.Findings[0].Line != 2 {
			t.Errorf("%s: %+v", name, r.Findings)
		}
	}
	big := migrations.Check("big.sql", []byte(strings.Repeat("SELECT 1;\n", migrations.MaxFileSize/10+1)))
	if len(big.Findings) != 1 || !strings.Contains(big.Findings[0].Title, "too large") {
		t.Errorf("a file over the limit: %+v", big.Findings)
	}
}

// CREATE TABLE IF NOT EXISTS creates nothing when the table is there: the
// table may be the one the running version uses, and stays judged.
func TestCreateTableIfNotExistsDoesNotMakeATableNew(t *testing.T) {
	for _, create := range []string{
		"CREATE TABLE IF NOT EXISTS users (id int);",
		"CREATE TABLE IF NOT EXISTS users AS SELECT 1 AS id;",
	} {
		r := migrations.Check("m.sql", []byte(create+"\nALTER TABLE users DROP COLUMN email;\nTRUNCATE users;\nDROP TABLE users;\n"))
		if got := rules(destructive(r.Findings)); !slices.Equal(got, []string{"drop-column", "truncate", "drop-table"}) {
			t.Errorf("%s: findings %v, want drop-column, truncate, drop-table", create, got)
		}
	}
}

// A table created in the file is new only until it is dropped or renamed:
// the name then reaches another table (a temporary table shadows the real
// one), which stays judged.
func TestANewTableIsForgottenOnceDroppedOrRenamed(t *testing.T) {
	for _, src := range []string{
		"CREATE TEMP TABLE users (id int);\nDROP TABLE users;\nDROP TABLE users;\n",
		"CREATE TEMP TABLE users (id int);\nALTER TABLE users RENAME TO scratch;\nDROP TABLE users;\n",
		"CREATE TABLE users (id int);\nALTER TABLE users SET SCHEMA scratch;\nDROP TABLE users;\n",
	} {
		r := migrations.Check("m.sql", []byte(src))
		r.Findings = destructive(r.Findings)
		if len(r.Findings) != 1 || r.Findings[0].Rule != "drop-table" || r.Findings[0].Line != 3 {
			t.Errorf("%q: findings %+v, want drop-table at line 3", src, r.Findings)
		}
	}
	// Renamed, the new table is new under its new name.
	r := migrations.Check("m.sql", []byte("CREATE TABLE staging (id int);\nALTER TABLE staging RENAME TO staging2;\nDROP TABLE staging2;\n"))
	if len(r.Findings) != 0 {
		t.Errorf("renamed new table: %+v", r.Findings)
	}
}

// A statement run from inside another one is judged like the statement
// itself: PREPARE (run by EXECUTE), COPY (query) and a WITH on MERGE.
func TestNestedStatementsAreJudged(t *testing.T) {
	for src, want := range map[string]string{
		"PREPARE wipe AS DELETE FROM users;\nEXECUTE wipe;": "delete-without-where",
		"PREPARE p AS UPDATE users SET a = 1;":              "update-without-where",
		"COPY (DELETE FROM users RETURNING *) TO STDOUT;":   "delete-without-where",
		"WITH d AS (DELETE FROM users RETURNING id) MERGE INTO log l USING d ON l.id = d.id WHEN NOT MATCHED THEN INSERT VALUES (d.id);": "delete-without-where",
	} {
		r := migrations.Check("m.sql", []byte(src))
		if len(r.Findings) != 1 || r.Findings[0].Rule != want || r.Findings[0].Line != 1 {
			t.Errorf("%q: findings %+v, want %s at line 1", src, r.Findings, want)
		}
	}
}

// Drops that take tables or columns with them: a domain or an extension
// (their columns go with CASCADE), a foreign table, everything a role
// owns, and any DROP … CASCADE.
func TestDropsThatRemoveTablesOrColumnsAreFound(t *testing.T) {
	for src, want := range map[string]string{
		"DROP DOMAIN email_address CASCADE;":        "drop-object",
		"DROP DOMAIN email_address;":                "drop-object",
		"DROP EXTENSION hstore CASCADE;":            "drop-object",
		"DROP FOREIGN TABLE legacy_orders;":         "drop-table",
		"DROP OWNED BY app_owner;":                  "drop-object",
		"DROP COLLATION german CASCADE;":            "drop-object",
		"DROP SERVER legacy CASCADE;":               "drop-object",
		"DROP TEXT SEARCH CONFIGURATION c CASCADE;": "drop-object",
		// What the running version relies on without naming it.
		"DROP TRIGGER t ON users;":     "drop-object",
		"DROP POLICY p ON users;":      "drop-object",
		"DROP RULE r ON users;":        "drop-object",
		"DROP CAST (text AS integer);": "drop-object",
		"DROP PUBLICATION pub;":        "drop-object",
		"DROP SUBSCRIPTION sub;":       "drop-object",
	} {
		r := migrations.Check("m.sql", []byte(src))
		r.Findings = destructive(r.Findings)
		if len(r.Findings) != 1 || r.Findings[0].Rule != want || r.Findings[0].Line != 1 || r.Findings[0].Alternative == "" {
			t.Errorf("%q: findings %+v, want %s at line 1", src, r.Findings, want)
		}
	}
	for _, src := range []string{"DROP COLLATION german;", "CREATE TABLE t (a int);\nDROP TRIGGER x ON t;\nDROP POLICY p ON t;"} {
		if r := migrations.Check("m.sql", []byte(src)); len(r.Findings) != 0 {
			t.Errorf("%q: findings %+v, want none", src, r.Findings)
		}
	}
}

// A DO block runs its statements when the migration runs: they are judged
// like the file's own, EXECUTE of a constant string included, and reported
// at the DO statement.
func TestDoBlocksAreJudged(t *testing.T) {
	for src, want := range map[string][]string{
		"SELECT 1;\nDO $$ BEGIN DROP TABLE users; END $$;": {"drop-table"},
		"SELECT 1;\nDO LANGUAGE plpgsql $do$\nDECLARE n int;\nBEGIN\n  IF n > 0 THEN\n    ALTER TABLE users DROP COLUMN email;\n  END IF;\n  EXECUTE 'TRUNCATE orders';\nEND\n$do$;": {"drop-column", "truncate"},
		"SELECT 1;\nDO $$ BEGIN DELETE FROM users WHERE id = 1; CREATE INDEX CONCURRENTLY i ON t (a); END $$;":                                                                       {"concurrently-in-transaction"},
		"SELECT 1;\nDO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN CREATE TYPE mood AS ENUM ('ok'); END IF; END $$;":                                  nil,
		"SELECT 1;\nDO $$ BEGIN FOR r IN SELECT 1 LOOP END LOOP; END $$;":                                                                                                            {"invalid-sql"},
	} {
		r := migrations.Check("m.sql", []byte(src))
		if got := rules(destructive(r.Findings)); !slices.Equal(got, want) {
			t.Errorf("%q: findings %v, want %v", src, got, want)
		}
		for _, f := range r.Findings {
			if f.Line != 2 {
				t.Errorf("%q: %s at line %d, want 2", src, f.Rule, f.Line)
			}
		}
	}
	deep := migrations.Check("m.sql", []byte("SELECT 1;\nDO $$ BEGIN EXECUTE 'SELECT "+strings.Repeat("1+", 5000)+"1'; END $$;"))
	if len(deep.Findings) != 1 || deep.Findings[0].Title != "too deeply nested to judge" || deep.Findings[0].Line != 2 {
		t.Errorf("deep DO block: %+v", deep.Findings)
	}
	// In a contract file, the DO block's destructive statements pass.
	r := migrations.Check("m.sql", []byte("-- olympus:contract users.legacy unused since release 42\nDO $$ BEGIN ALTER TABLE users DROP COLUMN legacy; END $$;"))
	if len(destructive(r.Findings)) != 0 || !slices.Equal(rules(r.Allowed), []string{"drop-column"}) {
		t.Errorf("contract: findings %v allowed %v", rules(r.Findings), rules(r.Allowed))
	}
}
