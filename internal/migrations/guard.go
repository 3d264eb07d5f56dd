// Package migrations is the migration guard: it reads SQL migrations with
// the real PostgreSQL parser (libpg_query compiled to WebAssembly, no cgo)
// and finds the statements that break the running version of the
// application: schema changes must be backward-compatible (expand), and
// destructive ones wait for a later migration marked as the contract phase.
//
// One file per rule family: drop.go, rename.go, data.go, columns.go,
// indexes.go; contract.go reads the marker and syntax.go reports SQL the
// parser refuses. files.go chooses the files to judge.
package migrations

import (
	"fmt"

	pg "github.com/pganalyze/pg_query_go/v6"
	pgquery "github.com/wasilibs/go-pgquery"
)

// Finding is one statement or clause that breaks backward compatibility.
type Finding struct {
	Rule string // such as drop-column
	// Title names what was found, such as "DROP COLUMN users.email".
	Title string
	Line  int // 1-based line of the statement or clause
	// Statement is the SQL of the statement, on one line, shortened.
	Statement string
	// Message says what breaks; Alternative is the backward-compatible way.
	Message     string
	Alternative string
	// Warning marks advice that is not destructive (a blocking index
	// build); everything else fails the check unless the contract phase
	// allows it.
	Warning bool
}

// Contract is a file's `-- olympus:contract <reason>` marker.
type Contract struct {
	Line   int
	Reason string
}

// Report is the verdict on one migration file.
type Report struct {
	File string
	// Findings fail the check (or warn, Finding.Warning).
	Findings []Finding
	// Contract is set when the file is the contract phase; Allowed then
	// holds the destructive statements it lets pass.
	Contract *Contract
	Allowed  []Finding
	// Statements is how many statements the file has.
	Statements int
}

// MaxFileSize is the largest file judged; a larger one is a finding
// rather than minutes of parsing.
const MaxFileSize = 4 << 20

// Check judges one migration file. name is only used in the report. It
// never fails: SQL the parser refuses is itself a finding.
//
// The parser is not safe for parallel use without cost (each concurrent
// call compiles its own WebAssembly runtime, about 2 s), so callers judge
// files one after the other.
func Check(name string, src []byte) (rep Report) {
	rep = Report{File: name}
	defer func() {
		// The parser panics on a WebAssembly trap: a finding, and no more
		// parsing in this process.
		if p := recover(); p != nil {
			broken.Store(true)
			rep = Report{File: name, Findings: []Finding{{Rule: "invalid-sql", Title: "the SQL parser failed", Line: 1,
				Message:     fmt.Sprintf("The SQL parser failed on this file (%v).", p),
				Alternative: "Simplify the file (split long or deeply nested expressions) and run again."}}}
		}
	}()
	s := newSource(src)
	if f, ok := unparsable(s); ok {
		rep.Findings = append(rep.Findings, f)
		return rep
	}
	contract, markerFindings := readContract(s)
	rep.Findings = append(rep.Findings, markerFindings...)

	tree, err := parse(string(src))
	if err != nil {
		rep.Findings = append(rep.Findings, syntaxFinding(s, err))
		return rep
	}
	c := &checker{src: s, created: map[string]bool{}}
	for _, raw := range tree.GetStmts() {
		c.statement(raw)
	}
	rep.Statements = len(tree.GetStmts())
	for _, f := range c.found {
		switch {
		case f.Warning || contract == nil:
			rep.Findings = append(rep.Findings, f)
		default:
			rep.Allowed = append(rep.Allowed, f)
		}
	}
	rep.Contract = contract
	return rep
}

// parse is the parser, a variable so that a test can make it fail inside.
var parse = pgquery.Parse

// checker walks the statements of one file in order.
type checker struct {
	src *source
	// created holds the tables created earlier in the file: changing a
	// table that no running version has seen yet breaks nothing.
	created map[string]bool
	found   []Finding
}

// stmt is the statement being judged: the parser's byte offsets of its
// text, which include the comments and blanks before it.
type stmt struct {
	loc, end int
}

func (c *checker) statement(raw *pg.RawStmt) {
	loc := int(raw.GetStmtLocation())
	end := loc + int(raw.GetStmtLen())
	if raw.GetStmtLen() == 0 {
		end = len(c.src.text)
	}
	c.node(stmt{loc: min(loc, len(c.src.text)), end: min(end, len(c.src.text))}, raw.GetStmt(), -1)
}

// node judges one statement node; at is the byte offset to report nested
// statements (a data-modifying WITH query) at, or -1 for the statement's.
func (c *checker) node(s stmt, n *pg.Node, at int) {
	switch n := n.GetNode().(type) {
	case *pg.Node_DropStmt:
		c.drop(s, n.DropStmt)
	case *pg.Node_DropOwnedStmt:
		c.dropOwned(s, n.DropOwnedStmt)
	case *pg.Node_DropdbStmt:
		c.dropDatabase(s, n.DropdbStmt)
	case *pg.Node_AlterTableStmt:
		c.alterTable(s, n.AlterTableStmt)
	case *pg.Node_RenameStmt:
		c.rename(s, n.RenameStmt)
	case *pg.Node_AlterObjectSchemaStmt:
		c.setSchema(s, n.AlterObjectSchemaStmt)
	case *pg.Node_TruncateStmt:
		c.truncate(s, n.TruncateStmt)
	case *pg.Node_DeleteStmt:
		c.with(s, n.DeleteStmt.GetWithClause())
		c.delete(s, n.DeleteStmt, at)
	case *pg.Node_UpdateStmt:
		c.with(s, n.UpdateStmt.GetWithClause())
		c.update(s, n.UpdateStmt, at)
	case *pg.Node_InsertStmt:
		c.with(s, n.InsertStmt.GetWithClause())
	case *pg.Node_SelectStmt:
		c.with(s, n.SelectStmt.GetWithClause())
	case *pg.Node_MergeStmt:
		c.with(s, n.MergeStmt.GetWithClause())
	case *pg.Node_ExplainStmt:
		// EXPLAIN ANALYZE runs its statement.
		c.node(s, n.ExplainStmt.GetQuery(), at)
	case *pg.Node_DoStmt:
		c.do(s, n.DoStmt)
	case *pg.Node_PrepareStmt:
		// EXECUTE runs it.
		c.node(s, n.PrepareStmt.GetQuery(), at)
	case *pg.Node_CopyStmt:
		// COPY (DELETE … RETURNING …) TO runs it.
		c.node(s, n.CopyStmt.GetQuery(), at)
	case *pg.Node_CreateStmt:
		// IF NOT EXISTS may create nothing: the table that is there stays judged.
		if !n.CreateStmt.GetIfNotExists() {
			c.created[tableKey(n.CreateStmt.GetRelation())] = true
		}
	case *pg.Node_CreateTableAsStmt:
		if !n.CreateTableAsStmt.GetIfNotExists() {
			c.created[tableKey(n.CreateTableAsStmt.GetInto().GetRel())] = true
		}
	case *pg.Node_IndexStmt:
		c.createIndex(s, n.IndexStmt)
	}
}

// with judges the data-modifying statements of a WITH clause.
func (c *checker) with(s stmt, w *pg.WithClause) {
	for _, cte := range w.GetCtes() {
		q := cte.GetCommonTableExpr().GetCtequery()
		c.node(s, q, int(cte.GetCommonTableExpr().GetLocation()))
	}
}

// add records a finding at the byte offset at (or the statement's start).
func (c *checker) add(s stmt, at int, f Finding) {
	start := c.src.firstToken(s.loc, s.end)
	if at < 0 {
		at = start
	}
	f.Line = c.src.line(at)
	// Names in titles come from the file: a quoted name may hold line
	// breaks, which must not reach a summary or an annotation as such.
	f.Title = oneLine(f.Title, maxStatement)
	f.Statement = c.src.statementText(start, s.end)
	c.found = append(c.found, f)
}

// tableKey names a table as written, schema included when given.
func tableKey(rv *pg.RangeVar) string {
	if rv.GetSchemaname() != "" {
		return rv.GetSchemaname() + "." + rv.GetRelname()
	}
	return rv.GetRelname()
}

// isNew reports whether the table was created earlier in this file.
func (c *checker) isNew(rv *pg.RangeVar) bool { return rv != nil && c.created[tableKey(rv)] }

// expandContract is the tail of most alternatives.
const expandContract = "in a later migration marked `-- olympus:contract <reason>`, once no running version uses it"
