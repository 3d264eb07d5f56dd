package migrations

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// Column and constraint changes of ALTER TABLE, each reported at its own
// clause: a type changed in place, SET NOT NULL, DROP DEFAULT and DROP
// CONSTRAINT on a table the running version uses, and ADD COLUMN … NOT
// NULL without a default. ADD COLUMN, nullable or with a DEFAULT, passes.

func (c *checker) alterTable(s stmt, a *pg.AlterTableStmt) {
	if a.GetObjtype() != pg.ObjectType_OBJECT_TABLE {
		return
	}
	rel := a.GetRelation()
	if c.isNew(rel) {
		return
	}
	cmds := a.GetCmds()
	var starts []int
	for i, n := range cmds {
		// The clause's position, found only for a clause that is reported.
		at := func() int {
			if starts == nil {
				if starts = c.src.clauseStarts(s, int(rel.GetLocation())); len(starts) != len(cmds) {
					starts = []int{} // the tokens disagree: report at the statement
				}
			}
			if i < len(starts) {
				return starts[i]
			}
			return -1
		}
		cmd := n.GetAlterTableCmd()
		table := tableKey(rel)
		col := table + "." + cmd.GetName()
		switch cmd.GetSubtype() {
		case pg.AlterTableType_AT_DropColumn:
			c.dropColumn(s, at(), rel, cmd)
		case pg.AlterTableType_AT_AlterColumnType:
			c.add(s, at(), Finding{
				Rule:    "alter-column-type",
				Title:   "ALTER COLUMN " + col + " TYPE " + typeName(cmd.GetDef().GetColumnDef().GetTypeName()),
				Message: "Changing a column's type in place rewrites the table under an exclusive lock, and the running version may not read or write the new type.",
				Alternative: "Expand/contract: add a column of the new type, write both and backfill, switch reads, " +
					"then drop the old column " + expandContract + ".",
			})
		case pg.AlterTableType_AT_SetNotNull:
			c.add(s, at(), Finding{
				Rule:    "set-not-null",
				Title:   "ALTER COLUMN " + col + " SET NOT NULL",
				Message: "SET NOT NULL on an existing column makes the running version's inserts that leave it empty fail, and scans the whole table under an exclusive lock.",
				Alternative: "Add CHECK (" + cmd.GetName() + " IS NOT NULL) NOT VALID and VALIDATE it in a separate statement once every writer sets the column; " +
					"SET NOT NULL " + expandContract + ".",
			})
		case pg.AlterTableType_AT_ColumnDefault:
			if cmd.GetDef() != nil {
				continue // SET DEFAULT
			}
			c.add(s, at(), Finding{
				Rule:        "drop-default",
				Title:       "ALTER COLUMN " + col + " DROP DEFAULT",
				Message:     "DROP DEFAULT makes the running version's inserts that omit the column store NULL, or fail on a NOT NULL column.",
				Alternative: "Drop the default " + expandContract + " (every writer sets the column).",
			})
		case pg.AlterTableType_AT_DropConstraint:
			c.add(s, at(), Finding{
				Rule:        "drop-constraint",
				Title:       "DROP CONSTRAINT " + cmd.GetName() + " ON " + table,
				Message:     "DROP CONSTRAINT removes a guarantee (uniqueness, a foreign key, a check) that the running version and its data rely on.",
				Alternative: "Drop it " + expandContract + ".",
			})
		case pg.AlterTableType_AT_AddColumn:
			def := cmd.GetDef().GetColumnDef()
			if notNull(def) && !hasDefault(def) {
				c.add(s, at(), Finding{
					Rule:        "add-column-not-null",
					Title:       "ADD COLUMN " + table + "." + def.GetColname() + " NOT NULL without a DEFAULT",
					Message:     "ADD COLUMN … NOT NULL without a DEFAULT fails on a table that has rows, and makes the running version's inserts, which do not set the column, fail.",
					Alternative: "Add it with a DEFAULT, or nullable now and SET NOT NULL " + expandContract + ".",
				})
			}
		}
	}
}

// notNull reports whether a new column must hold a value.
func notNull(def *pg.ColumnDef) bool {
	if def.GetIsNotNull() {
		return true
	}
	for _, n := range def.GetConstraints() {
		switch n.GetConstraint().GetContype() {
		case pg.ConstrType_CONSTR_NOTNULL, pg.ConstrType_CONSTR_PRIMARY:
			return true
		}
	}
	return false
}

// hasDefault reports whether a new column gets a value without the
// writer's help: a DEFAULT, an identity, a generated expression or a
// serial type.
func hasDefault(def *pg.ColumnDef) bool {
	if def.GetRawDefault() != nil || def.GetIdentity() != "" || def.GetGenerated() != "" {
		return true
	}
	for _, n := range def.GetConstraints() {
		switch n.GetConstraint().GetContype() {
		case pg.ConstrType_CONSTR_DEFAULT, pg.ConstrType_CONSTR_IDENTITY, pg.ConstrType_CONSTR_GENERATED:
			return true
		}
	}
	switch typeName(def.GetTypeName()) {
	case "serial", "serial4", "bigserial", "serial8", "smallserial", "serial2":
		return true
	}
	return false
}

// typeName is a type by its SQL name: the parser gives built-in types
// their internal names under pg_catalog (bigint is pg_catalog.int8).
func typeName(t *pg.TypeName) string {
	names := t.GetNames()
	if len(names) > 1 && names[0].GetString_().GetSval() == "pg_catalog" {
		name := joinNames(names[1:])
		if sql, ok := sqlTypeNames[name]; ok {
			return sql
		}
		return name
	}
	return joinNames(names)
}

var sqlTypeNames = map[string]string{
	"int2": "smallint", "int4": "integer", "int8": "bigint", "float4": "real", "float8": "double precision",
	"bool": "boolean", "bpchar": "char", "timestamptz": "timestamp with time zone", "timetz": "time with time zone",
}
