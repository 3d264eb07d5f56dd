package migrations

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Index builds and drops. CREATE INDEX and DROP INDEX without CONCURRENTLY
// block the table's writes (a drop, its reads too) until they end: lock
// findings, even in the contract phase; a table created in the same file
// has nothing to block. CONCURRENTLY cannot run inside a transaction
// block, a DO block or a function: PostgreSQL refuses it there, and the
// migration fails. Dropping an index loses no data.

func (c *checker) createIndex(s stmt, ix *pg.IndexStmt) {
	table := c.lookup(ix.GetRelation())
	if ix.GetIdxname() != "" {
		schema := ix.GetRelation().GetSchemaname()
		if schema == "" {
			schema = c.searchPath[0]
			if strings.HasPrefix(table, "pg_temp.") {
				schema = "pg_temp"
			}
		}
		c.createdIndexes[qualify(schema, ix.GetIdxname())] = table
	}
	if ix.GetConcurrent() {
		c.concurrently(s, "CREATE INDEX CONCURRENTLY")
		return
	}
	if c.created[table] {
		return
	}
	name := ix.GetIdxname()
	if name == "" {
		name = "on " + tableKey(ix.GetRelation())
	}
	c.add(s, -1, Finding{
		Rule:        "create-index-blocking",
		Class:       Lock,
		Title:       "CREATE INDEX " + name + " without CONCURRENTLY",
		Message:     "CREATE INDEX without CONCURRENTLY blocks writes to " + tableKey(ix.GetRelation()) + " until the index is built.",
		Alternative: "CREATE INDEX CONCURRENTLY, in a migration that does not run it inside a transaction block.",
	})
}

// dropIndex is DROP INDEX: a lock question only.
func (c *checker) dropIndex(s stmt, d *pg.DropStmt, names []string) {
	if d.GetConcurrent() {
		c.concurrently(s, "DROP INDEX CONCURRENTLY")
		return
	}
	allNew := true
	for _, o := range d.GetObjects() {
		key := c.lookupNames(o.GetList().GetItems())
		if t, ok := c.createdIndexes[key]; !ok || !c.created[t] {
			allNew = false
		}
	}
	if allNew {
		return
	}
	c.add(s, -1, Finding{
		Rule:        "drop-index-blocking",
		Class:       Lock,
		Title:       "DROP INDEX " + joinList(names) + " without CONCURRENTLY",
		Message:     "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index's table: no read or write until it ends, and it waits behind every running query of the table.",
		Alternative: "DROP INDEX CONCURRENTLY, outside a transaction block (if it is a unique index the running version relies on, drop it " + expandContract + ").",
	})
}

// concurrently reports a CONCURRENTLY operation where PostgreSQL refuses
// it: inside BEGIN … COMMIT, a DO block or a function.
func (c *checker) concurrently(s stmt, what string) {
	where := ""
	switch {
	case c.inBody:
		where = "inside a DO block or a function"
	case c.inTransaction:
		where = "inside a transaction block"
	default:
		return
	}
	c.add(s, -1, Finding{
		Rule:        "concurrently-in-transaction",
		Class:       Invalid,
		Title:       what + " " + where,
		Message:     what + " cannot run " + where + ": PostgreSQL refuses it and the migration fails.",
		Alternative: "Run it as a statement of its own, outside BEGIN … COMMIT (many migration tools need it in a migration of its own, with their transaction turned off).",
	})
}

func (c *checker) reindex(s stmt, r *pg.ReindexStmt) {
	for _, p := range r.GetParams() {
		if p.GetDefElem().GetDefname() == "concurrently" {
			c.concurrently(s, "REINDEX CONCURRENTLY")
			return
		}
	}
	if r.GetRelation() != nil && c.isNew(r.GetRelation()) {
		return
	}
	alt := "REINDEX … CONCURRENTLY, outside a transaction block."
	if c.opts.PostgresVersion < 12 {
		alt = "Before PostgreSQL 12 there is no REINDEX CONCURRENTLY: CREATE INDEX CONCURRENTLY a copy, then DROP INDEX CONCURRENTLY the old one."
	}
	c.add(s, -1, Finding{
		Rule:        "reindex-blocking",
		Class:       Lock,
		Title:       "REINDEX without CONCURRENTLY",
		Message:     "REINDEX without CONCURRENTLY blocks writes to the table (and reads that use the index) until it ends.",
		Alternative: alt,
	})
}
