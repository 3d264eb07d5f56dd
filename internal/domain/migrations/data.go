package migrations

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Data loss: statements that delete or rewrite every row. With a WHERE
// clause they touch the rows meant and pass; a WHERE true of every row
// (where.go) is no WHERE. MERGE … WHEN MATCHED THEN DELETE deletes every
// row the source matches unless its WHEN has a condition of its own.

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
	if c.limits(d.GetWhereClause(), d.GetRelation()) || c.isNew(d.GetRelation()) {
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
	if c.limits(u.GetWhereClause(), u.GetRelation()) || c.isNew(u.GetRelation()) {
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

func (c *checker) merge(s stmt, m *pg.MergeStmt, at int) {
	if c.isNew(m.GetRelation()) {
		return
	}
	for _, w := range m.GetMergeWhenClauses() {
		wc := w.GetMergeWhenClause()
		if wc.GetMatchKind() != pg.MergeMatchKind_MERGE_WHEN_MATCHED || wc.GetCommandType() != pg.CmdType_CMD_DELETE {
			continue
		}
		if c.limits(wc.GetCondition(), m.GetRelation()) {
			continue
		}
		c.add(s, at, Finding{
			Rule:  "merge-delete",
			Title: "MERGE INTO " + tableKey(m.GetRelation()) + " … WHEN MATCHED THEN DELETE",
			Message: "WHEN MATCHED THEN DELETE with no condition of its own deletes every row of " + tableKey(m.GetRelation()) +
				" that the source matches, which the guard cannot bound.",
			Alternative: "Add a condition to the WHEN MATCHED clause (WHEN MATCHED AND … THEN DELETE), or delete with DELETE … WHERE naming the rows.",
		})
		return
	}
}
