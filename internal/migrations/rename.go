package migrations

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Renames: the running version still uses the old name, so a rename
// breaks it the moment the migration runs. Renaming a constraint, index
// or trigger breaks no query and passes.

func (c *checker) rename(s stmt, r *pg.RenameStmt) {
	rel := r.GetRelation()
	if c.isNew(rel) {
		if r.GetRenameType() == pg.ObjectType_OBJECT_TABLE {
			// The new table goes by its new name; the old one may now
			// reach another table.
			delete(c.created, tableKey(rel))
			c.created[tableKey(&pg.RangeVar{Schemaname: rel.GetSchemaname(), Relname: r.GetNewname()})] = true
		}
		return
	}
	switch r.GetRenameType() {
	case pg.ObjectType_OBJECT_COLUMN:
		c.add(s, -1, Finding{
			Rule:    "rename-column",
			Title:   "RENAME COLUMN " + tableKey(rel) + "." + r.GetSubname() + " TO " + r.GetNewname(),
			Message: "Renaming a column breaks every query of the running version that uses the old name.",
			Alternative: "Expand/contract: ADD COLUMN " + r.GetNewname() + ", write both columns and backfill, " +
				"switch reads to the new one, then drop " + r.GetSubname() + " " + expandContract + ".",
		})
	case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_VIEW, pg.ObjectType_OBJECT_MATVIEW, pg.ObjectType_OBJECT_SCHEMA:
		what := map[pg.ObjectType]string{pg.ObjectType_OBJECT_TABLE: "TABLE", pg.ObjectType_OBJECT_VIEW: "VIEW",
			pg.ObjectType_OBJECT_MATVIEW: "MATERIALIZED VIEW", pg.ObjectType_OBJECT_SCHEMA: "SCHEMA"}[r.GetRenameType()]
		old := tableKey(rel)
		if r.GetRenameType() == pg.ObjectType_OBJECT_SCHEMA {
			old = r.GetSubname()
		}
		c.add(s, -1, Finding{
			Rule:    "rename-table",
			Title:   "RENAME " + what + " " + old + " TO " + r.GetNewname(),
			Message: "Renaming a " + strings.ToLower(what) + " breaks every query of the running version that uses the old name.",
			Alternative: "Expand/contract: create the new " + strings.ToLower(what) + " (or a view named " + r.GetNewname() +
				" over the old one), move the code to it, then remove the old name " + expandContract + ".",
		})
	}
}

// setSchema is ALTER TABLE … SET SCHEMA: a rename by another name.
func (c *checker) setSchema(s stmt, a *pg.AlterObjectSchemaStmt) {
	switch a.GetObjectType() {
	case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_VIEW, pg.ObjectType_OBJECT_MATVIEW:
	default:
		return
	}
	rel := a.GetRelation()
	if c.isNew(rel) {
		delete(c.created, tableKey(rel))
		c.created[tableKey(&pg.RangeVar{Schemaname: a.GetNewschema(), Relname: rel.GetRelname()})] = true
		return
	}
	c.add(s, -1, Finding{
		Rule:        "rename-table",
		Title:       "SET SCHEMA " + tableKey(rel) + " TO " + a.GetNewschema(),
		Message:     "Moving a table to another schema breaks every query of the running version that names it by its old schema.",
		Alternative: "Expand/contract: leave a view under the old name while the code moves, then drop it " + expandContract + ".",
	})
}
