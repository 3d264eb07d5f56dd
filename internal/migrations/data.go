package migrations

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Data loss: statements that delete or rewrite every row. With a WHERE
// clause they touch the rows meant and pass; WHERE true is no WHERE.

func (c *checker) truncate(s stmt, t *pg.TruncateStmt) {
	var names []string
	allNew := true
	for _, r := range t.GetRelations() {
		rv := r.GetRangeVar()
		names = append(names, tableKey(rv))
		allNew = allNew && c.isNew(rv)
	}
	if allNew {
		return
	}
	c.add(s, -1, Finding{
		Rule:        "truncate",
		Title:       "TRUNCATE " + strings.Join(names, ", "),
		Message:     "TRUNCATE deletes every row, and cannot be undone without a restore.",
		Alternative: "Delete the rows you mean with DELETE … WHERE, or empty the table " + expandContract + ".",
	})
}

func (c *checker) delete(s stmt, d *pg.DeleteStmt, at int) {
	if hasWhere(d.GetWhereClause()) || c.isNew(d.GetRelation()) {
		return
	}
	c.add(s, at, Finding{
		Rule:        "delete-without-where",
		Title:       "DELETE FROM " + tableKey(d.GetRelation()) + " without WHERE",
		Message:     "DELETE without a WHERE clause deletes every row of " + tableKey(d.GetRelation()) + ".",
		Alternative: "Add a WHERE clause that selects the rows you mean.",
	})
}

func (c *checker) update(s stmt, u *pg.UpdateStmt, at int) {
	if hasWhere(u.GetWhereClause()) || c.isNew(u.GetRelation()) {
		return
	}
	c.add(s, at, Finding{
		Rule:    "update-without-where",
		Title:   "UPDATE " + tableKey(u.GetRelation()) + " without WHERE",
		Message: "UPDATE without a WHERE clause rewrites every row of " + tableKey(u.GetRelation()) + ", under a lock, including rows the running version is writing.",
		Alternative: "Add a WHERE clause; for a backfill, update in batches that select the rows still to do " +
			"(WHERE new_column IS NULL AND id BETWEEN …).",
	})
}

// hasWhere reports whether a WHERE clause limits the rows: WHERE true does not.
func hasWhere(w *pg.Node) bool {
	if w == nil {
		return false
	}
	if b := w.GetAConst().GetBoolval(); b != nil && b.GetBoolval() {
		return false
	}
	return true
}
