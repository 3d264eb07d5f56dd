package migrations

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Drops: of a table, column, schema, index, or another object the running
// version may use. Each removes what a running version reads or relies on;
// the contract phase drops it once nothing does.

// dropKinds are the objects whose drop is judged, with their rule and what
// breaks.
var dropKinds = map[pg.ObjectType]struct{ rule, what, breaks string }{
	pg.ObjectType_OBJECT_TABLE:         {"drop-table", "TABLE", "removes the table and every row in it while the running version still reads and writes it"},
	pg.ObjectType_OBJECT_SCHEMA:        {"drop-schema", "SCHEMA", "removes the schema and everything in it while the running version still uses it"},
	pg.ObjectType_OBJECT_VIEW:          {"drop-object", "VIEW", "removes a view the running version may query"},
	pg.ObjectType_OBJECT_MATVIEW:       {"drop-object", "MATERIALIZED VIEW", "removes a materialized view and its data while the running version may query it"},
	pg.ObjectType_OBJECT_SEQUENCE:      {"drop-object", "SEQUENCE", "removes a sequence the running version may draw ids from"},
	pg.ObjectType_OBJECT_TYPE:          {"drop-object", "TYPE", "removes a type the running version's columns or queries may use"},
	pg.ObjectType_OBJECT_FUNCTION:      {"drop-object", "FUNCTION", "removes a function the running version may call"},
	pg.ObjectType_OBJECT_PROCEDURE:     {"drop-object", "PROCEDURE", "removes a procedure the running version may call"},
	pg.ObjectType_OBJECT_DOMAIN:        {"drop-object", "DOMAIN", "removes a type the running version's columns use (with CASCADE, the columns and their data too)"},
	pg.ObjectType_OBJECT_EXTENSION:     {"drop-object", "EXTENSION", "removes the types and functions the running version may use (with CASCADE, the columns of its types and their data too)"},
	pg.ObjectType_OBJECT_FOREIGN_TABLE: {"drop-table", "FOREIGN TABLE", "removes a table the running version may read and write"},
	pg.ObjectType_OBJECT_TRIGGER:       {"drop-object", "TRIGGER", "removes what the trigger did on the running version's writes (an audit row, a derived column, a check)"},
	pg.ObjectType_OBJECT_POLICY:        {"drop-object", "POLICY", "changes which rows the running version's roles see and may write under row level security"},
	pg.ObjectType_OBJECT_RULE:          {"drop-object", "RULE", "changes what the running version's queries on the table do"},
	pg.ObjectType_OBJECT_CAST:          {"drop-object", "CAST", "removes a conversion the running version's queries may rely on"},
	pg.ObjectType_OBJECT_PUBLICATION:   {"drop-object", "PUBLICATION", "stops the logical replication that subscribers (a replica, a data pipeline) rely on"},
}

// onTable are the objects that belong to a table, named table.object.
var onTable = map[pg.ObjectType]bool{pg.ObjectType_OBJECT_TRIGGER: true, pg.ObjectType_OBJECT_POLICY: true, pg.ObjectType_OBJECT_RULE: true}

func (c *checker) drop(s stmt, d *pg.DropStmt) {
	var names []string
	for _, o := range d.GetObjects() {
		names = append(names, objectName(o))
	}
	if d.GetRemoveType() == pg.ObjectType_OBJECT_INDEX {
		c.dropIndex(s, d, names)
		return
	}
	kind, ok := dropKinds[d.GetRemoveType()]
	if !ok && d.GetBehavior() == pg.DropBehavior_DROP_CASCADE {
		// CASCADE drops whatever depends on the object: columns of a
		// collation, foreign tables of a server, views over an operator.
		what := strings.ReplaceAll(strings.TrimPrefix(d.GetRemoveType().String(), "OBJECT_"), "_", " ")
		kind, ok = struct{ rule, what, breaks string }{"drop-object", what,
			"… CASCADE also removes everything that depends on it, table columns and views included"}, true
	}
	if !ok {
		return
	}
	allNew := len(names) > 0
	for _, o := range d.GetObjects() {
		items := o.GetList().GetItems()
		switch {
		case d.GetRemoveType() == pg.ObjectType_OBJECT_TABLE:
			name := c.lookupNames(items)
			allNew = allNew && c.created[name]
			// Dropped, the name may reach another table (one a temporary
			// table shadowed): no longer new.
			c.forget(name)
			delete(c.schema.tables, name)
		case onTable[d.GetRemoveType()] && len(items) > 1:
			allNew = allNew && c.created[c.lookupNames(items[:len(items)-1])]
		default:
			allNew = false
		}
	}
	if allNew {
		return // on tables created earlier in the same file: nobody uses them yet
	}
	c.add(s, -1, Finding{
		Rule:        kind.rule,
		Title:       "DROP " + kind.what + " " + strings.Join(names, ", "),
		Message:     "DROP " + kind.what + " " + kind.breaks + ".",
		Alternative: "Stop using it in a release first, then drop it " + expandContract + ".",
	})
}

func (c *checker) dropSubscription(s stmt, d *pg.DropSubscriptionStmt) {
	c.add(s, -1, Finding{
		Rule:        "drop-object",
		Title:       "DROP SUBSCRIPTION " + d.GetSubname(),
		Message:     "DROP SUBSCRIPTION stops the logical replication into this database that the running version may read from.",
		Alternative: "Drop it " + expandContract + ".",
	})
}

func (c *checker) dropOwned(s stmt, d *pg.DropOwnedStmt) {
	var roles []string
	for _, r := range d.GetRoles() {
		name := r.GetRoleSpec().GetRolename()
		if name == "" { // CURRENT_USER, SESSION_USER
			name = strings.TrimPrefix(r.GetRoleSpec().GetRoletype().String(), "ROLESPEC_")
		}
		roles = append(roles, name)
	}
	c.add(s, -1, Finding{
		Rule:        "drop-object",
		Title:       "DROP OWNED BY " + strings.Join(roles, ", "),
		Message:     "DROP OWNED removes every table, view and other object the role owns, with their data.",
		Alternative: "Drop the objects by name, each " + expandContract + "; REASSIGN OWNED moves them to another role instead.",
	})
}

func (c *checker) dropDatabase(s stmt, d *pg.DropdbStmt) {
	c.add(s, -1, Finding{
		Rule:        "drop-object",
		Title:       "DROP DATABASE " + d.GetDbname(),
		Message:     "DROP DATABASE removes the database and all its data.",
		Alternative: "Never in a migration: retire a database by hand after a backup, once nothing connects to it.",
	})
}

// dropColumn is the DROP COLUMN clause of an ALTER TABLE.
func (c *checker) dropColumn(s stmt, at int, table *pg.RangeVar, cmd *pg.AlterTableCmd) {
	c.add(s, at, Finding{
		Rule:    "drop-column",
		Title:   "DROP COLUMN " + tableKey(table) + "." + cmd.GetName(),
		Message: "DROP COLUMN removes the column and its data while the running version still selects and inserts it.",
		Alternative: "Expand/contract: release code that no longer reads or writes the column first, then drop it " +
			expandContract + ".",
	})
}

// objectName renders a dropped object's name: a list of identifiers
// (schema.table), a single one (a schema), or a function with arguments.
func objectName(n *pg.Node) string {
	switch o := n.GetNode().(type) {
	case *pg.Node_String_:
		return o.String_.GetSval()
	case *pg.Node_List:
		items := o.List.GetItems()
		if len(items) > 0 && items[0].GetTypeName() != nil { // a cast
			var types []string
			for _, it := range items {
				types = append(types, typeName(it.GetTypeName()))
			}
			return "(" + strings.Join(types, " AS ") + ")"
		}
		return joinNames(items)
	case *pg.Node_ObjectWithArgs:
		return joinNames(o.ObjectWithArgs.GetObjname()) + "()"
	case *pg.Node_TypeName:
		return joinNames(o.TypeName.GetNames())
	}
	return "?"
}

func joinNames(items []*pg.Node) string {
	parts := make([]string, 0, len(items))
	for _, it := range items {
		parts = append(parts, it.GetString_().GetSval())
	}
	return strings.Join(parts, ".")
}
