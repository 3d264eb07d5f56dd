package migrations

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Renames: the running version still uses the old name, so a rename
// breaks it the moment the migration runs: of a table, view, schema or
// column (rename-table, rename-column), and of a type, an enum value, a
// type's attribute, a function, procedure, sequence or domain
// (rename-object), SET SCHEMA included. Renaming a constraint, index or
// trigger breaks no query and passes.

func (c *checker) rename(s stmt, r *pg.RenameStmt) {
	rel := r.GetRelation()
	if rel != nil {
		name := c.lookup(rel)
		switch r.GetRenameType() {
		case pg.ObjectType_OBJECT_TABLE:
			renamed := c.creates(&pg.RangeVar{Schemaname: strings.SplitN(name, ".", 2)[0], Relname: r.GetNewname()})
			if t, ok := c.schema.tables[name]; ok {
				delete(c.schema.tables, name)
				c.schema.tables[renamed] = t
			}
			if c.created[name] {
				// The new table goes by its new name; the old one may now
				// reach another table.
				c.forget(name)
				c.created[renamed] = true
				return
			}
		case pg.ObjectType_OBJECT_COLUMN:
			if t := c.schema.tables[name]; t != nil && t.columns[r.GetSubname()] != nil {
				t.columns[r.GetNewname()] = t.columns[r.GetSubname()]
				delete(t.columns, r.GetSubname())
			}
		}
		if c.created[name] {
			return
		}
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
	case pg.ObjectType_OBJECT_TYPE, pg.ObjectType_OBJECT_DOMAIN, pg.ObjectType_OBJECT_FUNCTION, pg.ObjectType_OBJECT_PROCEDURE,
		pg.ObjectType_OBJECT_SEQUENCE, pg.ObjectType_OBJECT_ATTRIBUTE:
		old := objectName(r.GetObject())
		if rel != nil {
			old = tableKey(rel)
		}
		if r.GetRenameType() == pg.ObjectType_OBJECT_ATTRIBUTE {
			old += "." + r.GetSubname()
		}
		c.renameObject(s, objectKind(r.GetRenameType())+" "+old, "RENAME TO "+r.GetNewname())
	}
}

// renameObject is a rename of something the running version names in its
// queries, other than a table or a column.
func (c *checker) renameObject(s stmt, what, how string) {
	c.add(s, -1, Finding{
		Rule:    "rename-object",
		Title:   "ALTER " + what + " " + how,
		Message: "The running version's queries and columns name it by its old name (or value), and fail once it changes.",
		Alternative: "Expand/contract: create the new one beside the old, move the code to it, then remove the old one " +
			expandContract + ".",
	})
}

func objectKind(t pg.ObjectType) string {
	return strings.ReplaceAll(strings.TrimPrefix(t.String(), "OBJECT_"), "_", " ")
}

// alterEnum is ALTER TYPE … RENAME VALUE (ADD VALUE passes).
func (c *checker) alterEnum(s stmt, e *pg.AlterEnumStmt) {
	if e.GetOldVal() == "" {
		return
	}
	c.renameObject(s, "TYPE "+joinNames(e.GetTypeName()), "RENAME VALUE '"+e.GetOldVal()+"' TO '"+e.GetNewVal()+"'")
}

// alterCompositeType is ALTER TYPE … DROP ATTRIBUTE, a DROP COLUMN of the
// values of a composite type.
func (c *checker) alterCompositeType(s stmt, a *pg.AlterTableStmt) {
	for _, n := range a.GetCmds() {
		if cmd := n.GetAlterTableCmd(); cmd.GetSubtype() == pg.AlterTableType_AT_DropColumn {
			c.add(s, -1, Finding{
				Rule:        "drop-object",
				Title:       "ALTER TYPE " + tableKey(a.GetRelation()) + " DROP ATTRIBUTE " + cmd.GetName(),
				Message:     "DROP ATTRIBUTE removes a field of the type, and its data in every column of the type, while the running version still reads and writes it.",
				Alternative: "Stop using it in a release first, then drop it " + expandContract + ".",
			})
		}
	}
}

// setSchema is ALTER … SET SCHEMA: a rename by another name.
func (c *checker) setSchema(s stmt, a *pg.AlterObjectSchemaStmt) {
	switch a.GetObjectType() {
	case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_VIEW, pg.ObjectType_OBJECT_MATVIEW:
	case pg.ObjectType_OBJECT_TYPE, pg.ObjectType_OBJECT_DOMAIN, pg.ObjectType_OBJECT_FUNCTION, pg.ObjectType_OBJECT_PROCEDURE,
		pg.ObjectType_OBJECT_SEQUENCE:
		name := objectName(a.GetObject())
		if a.GetRelation() != nil {
			name = tableKey(a.GetRelation())
		}
		c.renameObject(s, objectKind(a.GetObjectType())+" "+name, "SET SCHEMA "+a.GetNewschema())
		return
	default:
		return
	}
	rel := a.GetRelation()
	if name := c.lookup(rel); c.created[name] {
		c.forget(name)
		c.created[qualify(a.GetNewschema(), rel.GetRelname())] = true
		return
	}
	c.add(s, -1, Finding{
		Rule:        "rename-table",
		Title:       "SET SCHEMA " + tableKey(rel) + " TO " + a.GetNewschema(),
		Message:     "Moving a table to another schema breaks every query of the running version that names it by its old schema.",
		Alternative: "Expand/contract: leave a view under the old name while the code moves, then drop it " + expandContract + ".",
	})
}
