package migrations

import (
	"strings"
	"testing"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// A trap inside the WebAssembly parser reaches Go as a panic: the file gets
// a finding, and no later file is given to a parser in an unknown state.
func TestParserCrashIsAFindingAndStopsParsing(t *testing.T) {
	defer func(p func(string) (*pg.ParseResult, error)) { parse = p; broken.Store(false) }(parse)
	parse = func(string) (*pg.ParseResult, error) { panic("wasm error: stack overflow") }
	r := Check("a.sql", []byte("SELECT 1;"))
	if len(r.Findings) != 1 || r.Findings[0].Rule != "invalid-sql" || !strings.Contains(r.Findings[0].Message, "stack overflow") {
		t.Fatalf("findings %+v", r.Findings)
	}
	parse = func(string) (*pg.ParseResult, error) { t.Fatal("parsed after a crash"); return nil, nil }
	r = Check("b.sql", []byte("DROP TABLE x;"))
	if len(r.Findings) != 1 || r.Findings[0].Title != "not judged" {
		t.Errorf("findings after the crash %+v", r.Findings)
	}
}

func TestNestingEstimate(t *testing.T) {
	for src, want := range map[string]int{
		"SELECT 1;":                           0,
		"SELECT 1+1+1;":                       2,
		"SELECT (1+(1+1));":                   4,
		"SELECT f(1, 2), g(3);":               1,
		"SELECT '((((' || $$ (((( $$;":        1,
		"SELECT 1 -- ((((\n;":                 0,
		"SELECT /* (((( */ 1::int::bigint;":   2,
		`SELECT "a((" FROM t;`:                0,
		"INSERT INTO t VALUES (1,-1),(2,-2);": 2,
	} {
		if got, _ := nesting(src); got != want {
			t.Errorf("nesting(%q) = %d, want %d", src, got, want)
		}
	}
}
