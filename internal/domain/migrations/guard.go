// Package migrations is the migration guard: it reads SQL migrations with
// the real PostgreSQL parser (libpg_query compiled to WebAssembly, no cgo)
// and finds the statements that take production down while the running
// version of the application still uses the database: schema changes that
// break it (they wait for a later migration marked as the contract phase),
// and statements that lock a busy table for as long as they run.
//
// One file per rule family: drop.go, rename.go, data.go, where.go,
// columns.go, constraints.go, indexes.go, locks.go, access.go, do.go
// (DO blocks and functions called), dynamic.go (what the guard cannot
// judge); contract.go reads the marker, syntax.go reports SQL the parser
// refuses, session.go follows what a file sets (search_path, lock_timeout,
// transactions) and schema.go what earlier migrations created. files.go
// chooses the files to judge.
package migrations

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	pgquery "github.com/wasilibs/go-pgquery"
)

// Class says what kind of harm a finding is about.
type Class int

const (
	// Breaking breaks the running version (data loss, a rename, writes it
	// makes that now fail); the contract phase lets it pass.
	Breaking Class = iota
	// Lock blocks reads or writes on a table for as long as it runs. Not
	// destructive, and the contract phase does not change it.
	Lock
	// CannotJudge is SQL the guard cannot see into (dynamic SQL); a human
	// must, and the contract phase says one did.
	CannotJudge
	// Invalid is SQL PostgreSQL refuses, or that fails when it runs.
	Invalid
)

func (c Class) String() string {
	switch c {
	case Lock:
		return "lock"
	case CannotJudge:
		return "cannot-judge"
	case Invalid:
		return "invalid"
	}
	return "breaking"
}

// Finding is one statement or clause the guard objects to.
type Finding struct {
	Rule  string // such as drop-column
	Class Class
	// Title names what was found, such as "DROP COLUMN users.email".
	Title string
	Line  int // 1-based line of the statement or clause
	// Statement is the SQL of the statement, on one line, shortened.
	Statement string
	// Message says what goes wrong; Alternative is the safe way.
	Message     string
	Alternative string
}

// Contract is a file's `-- olympus:contract <reason>` marker.
type Contract struct {
	Line   int
	Reason string
}

// Report is the verdict on one migration file.
type Report struct {
	File string
	// Findings fail the check or warn, by their class.
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

// DefaultPostgresVersion is the PostgreSQL major version assumed when none
// is given.
const DefaultPostgresVersion = 16

// Options are what the guard must know of the database.
type Options struct {
	// PostgresVersion is the server's major version (9 for 9.x); some
	// statements lock or rewrite a table only before a version.
	PostgresVersion int
}

// Guard judges the migrations of one history, oldest first: what earlier
// files created (column types, constraints, domains) changes the verdict
// on later ones.
type Guard struct {
	opts   Options
	schema *schema
}

// New returns a guard with nothing learnt yet.
func New(opts Options) *Guard {
	if opts.PostgresVersion == 0 {
		opts.PostgresVersion = DefaultPostgresVersion
	}
	return &Guard{opts: opts, schema: newSchema()}
}

// Check judges one migration file with a guard that knows no history.
func Check(name string, src []byte) Report { return New(Options{}).Check(name, src) }

// Learn reads a migration that is not judged (it ran already): only what
// it creates is kept, for the files after it. A file that does not parse
// teaches nothing.
func (g *Guard) Learn(src []byte) {
	g.Check("", src)
}

// Check judges one migration file, then keeps what it creates for the
// files after it. name is only used in the report. It never fails: SQL
// the parser refuses is itself a finding.
//
// The parser's WebAssembly runtime is compiled once a process (or read
// from the compilation cache, SetCacheDir); files are judged one after
// the other.
func (g *Guard) Check(name string, src []byte) (rep Report) {
	rep = Report{File: name}
	defer func() {
		// The parser panics on a WebAssembly trap: a finding, and no more
		// parsing in this process.
		if p := recover(); p != nil {
			broken.Store(true)
			rep = Report{File: name, Findings: []Finding{{Rule: "invalid-sql", Class: Invalid, Title: "the SQL parser failed", Line: 1,
				Message:     fmt.Sprintf("The SQL parser failed on this file (%v).", p),
				Alternative: "Simplify the file (split long or deeply nested expressions) and run again."}}}
		}
	}()
	s := newSource(src)
	if f, ok := unparsable(s); ok {
		rep.Findings = append(rep.Findings, f)
		return rep
	}
	g.schema.file++
	c := &checker{src: s, opts: g.opts, schema: g.schema, session: newSession()}
	c.metaCommands()
	contract, markerFindings := readContract(s)
	rep.Findings = append(rep.Findings, markerFindings...)

	text := s.parsed
	if at := nonStandardStrings(text); at >= 0 {
		// Past this point backslashes in '…' are escapes, which the parser
		// does not know: it judges the statements before only.
		text = text[:at]
		end := strings.IndexAny(s.parsed[at:], ";\n")
		if end < 0 {
			end = len(s.parsed) - at
		}
		c.found = append(c.found, Finding{Rule: "cannot-judge", Class: CannotJudge, Line: s.line(at),
			Title:     "cannot judge: SET standard_conforming_strings = off",
			Statement: oneLine(s.parsed[at:at+end], maxStatement),
			Message: "With standard_conforming_strings off, backslashes in '…' strings are escapes, so the rest of the file means " +
				"something else than the parser reads. The rest of the file is not judged.",
			Alternative: cannotJudgeAlternative})
	}
	tree, err := parse(text)
	if err != nil {
		rep.Findings = append(rep.Findings, syntaxFinding(s, err))
		return rep
	}
	for _, raw := range tree.GetStmts() {
		if c.unjudgeable {
			break
		}
		c.statement(raw)
	}
	rep.Statements = len(tree.GetStmts())
	sort.SliceStable(c.found, func(i, j int) bool { return c.found[i].Line < c.found[j].Line })
	for _, f := range c.found {
		switch {
		case contract != nil && (f.Class == Breaking || f.Class == CannotJudge):
			rep.Allowed = append(rep.Allowed, f)
		default:
			rep.Findings = append(rep.Findings, f)
		}
	}
	rep.Contract = contract
	return rep
}

// nonStandardStrings finds where a file turns standard_conforming_strings
// off, or returns -1.
func nonStandardStrings(text string) int {
	if !strings.Contains(strings.ToLower(text), "standard_conforming_strings") {
		return -1
	}
	if loc := scsOff.FindStringIndex(text); loc != nil {
		return loc[0]
	}
	return -1
}

var scsOff = regexp.MustCompile(`(?i)\bset\s+(?:session\s+|local\s+)?standard_conforming_strings\s*(?:=|to)\s*'?(?:off|false|0)\b`)

// parse is the parser, a variable so that a test can make it fail inside.
var parse = pgquery.Parse

// checker walks the statements of one file in order.
type checker struct {
	src    *source
	opts   Options
	schema *schema
	*session
	found []Finding
	// via names the function whose body is being judged, for titles.
	via string
	// inBody is set while judging a DO block's or a function's body, which
	// runs inside a transaction of its own.
	inBody bool
	// calling holds the functions being judged, against recursion.
	calling map[string]bool
	// unjudgeable stops the judging of the rest of a file.
	unjudgeable bool
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
	c.lockTimeout(s, n)
	switch n := n.GetNode().(type) {
	case *pg.Node_DropStmt:
		c.drop(s, n.DropStmt)
	case *pg.Node_DropOwnedStmt:
		c.dropOwned(s, n.DropOwnedStmt)
	case *pg.Node_DropdbStmt:
		c.dropDatabase(s, n.DropdbStmt)
	case *pg.Node_DropSubscriptionStmt:
		c.dropSubscription(s, n.DropSubscriptionStmt)
	case *pg.Node_AlterTableStmt:
		c.alterTable(s, n.AlterTableStmt)
	case *pg.Node_AlterDomainStmt:
		c.alterDomain(s, n.AlterDomainStmt)
	case *pg.Node_AlterEnumStmt:
		c.alterEnum(s, n.AlterEnumStmt)
	case *pg.Node_RenameStmt:
		c.rename(s, n.RenameStmt)
	case *pg.Node_AlterObjectSchemaStmt:
		c.setSchema(s, n.AlterObjectSchemaStmt)
	case *pg.Node_AlterOwnerStmt:
		c.alterOwner(s, n.AlterOwnerStmt)
	case *pg.Node_GrantStmt:
		c.grant(s, n.GrantStmt)
	case *pg.Node_GrantRoleStmt:
		c.grantRole(s, n.GrantRoleStmt)
	case *pg.Node_RuleStmt:
		c.rule(s, n.RuleStmt)
	case *pg.Node_TruncateStmt:
		c.truncate(s, n.TruncateStmt)
	case *pg.Node_DeleteStmt:
		c.with(s, n.DeleteStmt.GetWithClause())
		c.delete(s, n.DeleteStmt, at)
		c.calls(s, n.DeleteStmt)
	case *pg.Node_UpdateStmt:
		c.with(s, n.UpdateStmt.GetWithClause())
		c.update(s, n.UpdateStmt, at)
		c.calls(s, n.UpdateStmt)
	case *pg.Node_InsertStmt:
		c.with(s, n.InsertStmt.GetWithClause())
		c.calls(s, n.InsertStmt)
	case *pg.Node_SelectStmt:
		c.with(s, n.SelectStmt.GetWithClause())
		c.setConfig(s, n.SelectStmt)
		c.calls(s, n.SelectStmt)
	case *pg.Node_MergeStmt:
		c.with(s, n.MergeStmt.GetWithClause())
		c.merge(s, n.MergeStmt, at)
		c.calls(s, n.MergeStmt)
	case *pg.Node_CallStmt:
		c.calls(s, n.CallStmt)
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
		c.createTable(n.CreateStmt)
	case *pg.Node_CreateTableAsStmt:
		c.createTableAs(s, n.CreateTableAsStmt)
	case *pg.Node_CreateDomainStmt:
		c.createDomain(n.CreateDomainStmt)
	case *pg.Node_CreateFunctionStmt:
		c.createFunction(n.CreateFunctionStmt)
	case *pg.Node_IndexStmt:
		c.createIndex(s, n.IndexStmt)
	case *pg.Node_ReindexStmt:
		c.reindex(s, n.ReindexStmt)
	case *pg.Node_VacuumStmt:
		c.vacuum(s, n.VacuumStmt)
	case *pg.Node_ClusterStmt:
		c.cluster(s, n.ClusterStmt)
	case *pg.Node_TransactionStmt:
		c.transaction(n.TransactionStmt)
	case *pg.Node_VariableSetStmt:
		c.set(s, n.VariableSetStmt)
	case *pg.Node_DiscardStmt:
		c.discard(n.DiscardStmt)
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
	if c.via != "" {
		f.Title += " (in " + c.via + ")"
	}
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
func (c *checker) isNew(rv *pg.RangeVar) bool { return rv != nil && c.created[c.lookup(rv)] }

// expandContract is the tail of most alternatives.
const expandContract = "in a later migration marked `-- olympus:contract <reason>`, once no running version uses it"
