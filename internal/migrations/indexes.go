package migrations

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// Index builds: CREATE INDEX without CONCURRENTLY blocks every write to the
// table while it builds. Not destructive, so a warning, even in the
// contract phase; a table created in the same file has nothing to block.

func (c *checker) createIndex(s stmt, ix *pg.IndexStmt) {
	if ix.GetConcurrent() || c.isNew(ix.GetRelation()) {
		return
	}
	name := ix.GetIdxname()
	if name == "" {
		name = "on " + tableKey(ix.GetRelation())
	}
	c.add(s, -1, Finding{
		Rule:        "create-index-blocking",
		Title:       "CREATE INDEX " + name + " without CONCURRENTLY",
		Message:     "CREATE INDEX without CONCURRENTLY blocks writes to " + tableKey(ix.GetRelation()) + " until the index is built.",
		Alternative: "CREATE INDEX CONCURRENTLY, in a migration that does not run it inside a transaction block.",
		Warning:     true,
	})
}
