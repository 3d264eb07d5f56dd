package migrations

import (
	"slices"
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Column changes of ALTER TABLE, each reported at its own clause: a type
// changed in place (unless it only widens), SET NOT NULL, DROP DEFAULT,
// DROP IDENTITY and DROP EXPRESSION on a table the running version uses,
// and ADD COLUMN … NOT NULL without a default. ADD COLUMN, nullable or
// with a DEFAULT, passes; a default that must be computed for every row
// rewrites the table (a lock finding).

func (c *checker) alterTable(s stmt, a *pg.AlterTableStmt) {
	rel := a.GetRelation()
	switch a.GetObjtype() {
	case pg.ObjectType_OBJECT_TABLE:
	case pg.ObjectType_OBJECT_TYPE:
		c.alterCompositeType(s, a)
		return
	default:
		return
	}
	name := c.lookup(rel)
	isNew := c.created[name]
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
		cl := clause{s: s, at: at, table: tableKey(rel), name: name, isNew: isNew, cmd: cmd}
		switch cmd.GetSubtype() {
		case pg.AlterTableType_AT_DropColumn:
			if !isNew {
				c.dropColumn(s, at(), rel, cmd)
			}
			if t := c.schema.tables[name]; t != nil {
				delete(t.columns, cmd.GetName())
			}
		case pg.AlterTableType_AT_AlterColumnType:
			c.alterColumnType(cl)
		case pg.AlterTableType_AT_SetNotNull:
			c.setNotNull(cl)
		case pg.AlterTableType_AT_DropNotNull:
			if col := c.schema.column(name, cmd.GetName()); col != nil {
				col.notNull = false
			}
		case pg.AlterTableType_AT_ColumnDefault:
			if cmd.GetDef() != nil || isNew {
				continue // SET DEFAULT
			}
			c.dropDefault(cl, "DROP DEFAULT", "DROP DEFAULT makes the running version's inserts that omit the column store NULL, or fail on a NOT NULL column.")
		case pg.AlterTableType_AT_DropIdentity:
			if !isNew {
				c.dropDefault(cl, "DROP IDENTITY", "DROP IDENTITY stops numbering the column: the running version's inserts that omit it fail (the column is NOT NULL).")
			}
		case pg.AlterTableType_AT_DropExpression:
			if !isNew {
				c.dropDefault(cl, "DROP EXPRESSION", "DROP EXPRESSION stops computing the column: rows the running version writes from now on keep it NULL or stale, and its reads get wrong values.")
			}
		case pg.AlterTableType_AT_DropConstraint:
			c.dropConstraint(cl, cmds[i+1:])
		case pg.AlterTableType_AT_AddConstraint:
			c.addConstraint(cl)
		case pg.AlterTableType_AT_ValidateConstraint:
			if t := c.schema.tables[name]; t != nil && t.checks[cmd.GetName()] != nil {
				t.checks[cmd.GetName()].validated = true
			}
		case pg.AlterTableType_AT_AddColumn:
			c.addColumn(cl)
		case pg.AlterTableType_AT_EnableRowSecurity, pg.AlterTableType_AT_ForceRowSecurity:
			c.enableRowSecurity(cl)
		case pg.AlterTableType_AT_DetachPartition:
			c.detachPartition(cl)
		case pg.AlterTableType_AT_ChangeOwner:
			if !isNew {
				c.ownerTo(s, at(), "TABLE "+cl.table, cmd.GetNewowner())
			}
		}
	}
}

// clause is one command of an ALTER TABLE; at finds its position.
type clause struct {
	s     stmt
	at    func() int
	table string // as written
	name  string // resolved
	isNew bool
	cmd   *pg.AlterTableCmd
}

func (cl clause) col() string { return cl.table + "." + cl.cmd.GetName() }

func (c *checker) alterColumnType(cl clause) {
	def := cl.cmd.GetDef().GetColumnDef()
	to := typeOf(def.GetTypeName())
	col := c.schema.column(cl.name, cl.cmd.GetName())
	defer func() {
		if col != nil {
			col.typ = to
		}
	}()
	if cl.isNew {
		return
	}
	// A type that only widens (varchar(20) to varchar(50) or text) changes
	// no stored value: no rewrite, and the running version reads and
	// writes it as before.
	if col != nil && def.GetRawDefault() == nil && widens(col.typ, to) {
		return
	}
	title := "ALTER COLUMN " + cl.col() + " TYPE " + to.String()
	c.add(cl.s, cl.at(), Finding{
		Rule:    "alter-column-type",
		Title:   title,
		Message: "Changing a column's type in place may make the running version's reads and writes of the column fail or change meaning.",
		Alternative: "Expand/contract: add a column of the new type, write both and backfill, switch reads, " +
			"then drop the old column " + expandContract + ".",
	})
	c.add(cl.s, cl.at(), Finding{
		Rule: "table-rewrite", Class: Lock, Title: title,
		Message:     "Changing a column's type rewrites " + cl.table + " and rebuilds its indexes under an ACCESS EXCLUSIVE lock: no read or write until it ends.",
		Alternative: "Add a column of the new type, backfill it in batches, and switch to it (the expand/contract steps); only widening varchar, numeric precision or varchar to text rewrites nothing.",
	})
}

// String renders a type as SQL: varchar(20), numeric(10,2), text[].
func (t colType) String() string {
	s := t.name
	if len(t.mods) > 0 {
		var mods []string
		for _, m := range t.mods {
			mods = append(mods, strconv.FormatInt(m, 10))
		}
		s += "(" + strings.Join(mods, ",") + ")"
	}
	if t.array {
		s += "[]"
	}
	return s
}

// widens reports whether a type change keeps every stored value's bytes:
// PostgreSQL then changes the catalog only.
func widens(from, to colType) bool {
	if !from.known || !to.known || from.array != to.array {
		return false
	}
	if from.name == to.name && slices.Equal(from.mods, to.mods) {
		return true
	}
	switch {
	case (from.name == "varchar" || from.name == "text") && to.name == "text",
		from.name == "text" && to.name == "varchar" && len(to.mods) == 0:
		return true
	case from.name == "cidr" && to.name == "inet":
		return true
	case from.name == to.name && (from.name == "varchar" || from.name == "varbit"):
		return len(to.mods) == 0 || len(from.mods) == 1 && len(to.mods) == 1 && to.mods[0] >= from.mods[0]
	case from.name == "numeric" && to.name == "numeric":
		// More digits at the same scale, or no limit at all.
		return len(to.mods) == 0 || len(from.mods) >= 1 && len(to.mods) == len(from.mods) &&
			to.mods[0] >= from.mods[0] && (len(to.mods) == 1 || to.mods[1] == from.mods[1])
	}
	return false
}

func (c *checker) setNotNull(cl clause) {
	col := c.schema.column(cl.name, cl.cmd.GetName())
	defer func() {
		if col != nil {
			col.notNull = true
		}
	}()
	if cl.isNew || col != nil && col.notNull {
		return
	}
	// A CHECK (col IS NOT NULL) added by an earlier migration has held the
	// writers to it since: SET NOT NULL tightens nothing. Validated, it
	// also spares the scan (PostgreSQL 12 and later).
	ch := c.schema.notNullCheck(cl.name, cl.cmd.GetName())
	title := "ALTER COLUMN " + cl.col() + " SET NOT NULL"
	if ch == nil || ch.file == c.schema.file {
		c.add(cl.s, cl.at(), Finding{
			Rule:    "set-not-null",
			Title:   title,
			Message: "SET NOT NULL on an existing column makes the running version's inserts that leave it empty fail.",
			Alternative: "Add CHECK (" + cl.cmd.GetName() + " IS NOT NULL) NOT VALID once every writer sets the column, and VALIDATE it in a separate statement; " +
				"SET NOT NULL " + expandContract + ".",
		})
	}
	if ch != nil && ch.validated && c.opts.PostgresVersion >= 12 {
		return
	}
	alt := "First add CHECK (" + cl.cmd.GetName() + " IS NOT NULL) NOT VALID and VALIDATE CONSTRAINT it (a scan that blocks no writes); SET NOT NULL then uses it and scans nothing (PostgreSQL 12 and later)."
	if c.opts.PostgresVersion < 12 {
		alt = "Before PostgreSQL 12 SET NOT NULL always scans: keep the validated CHECK (" + cl.cmd.GetName() + " IS NOT NULL) NOT VALID constraint instead, and SET NOT NULL after upgrading."
	}
	c.add(cl.s, cl.at(), Finding{
		Rule: "set-not-null-scan", Class: Lock, Title: title,
		Message:     "SET NOT NULL scans every row of " + cl.table + " under an ACCESS EXCLUSIVE lock: no read or write until it ends.",
		Alternative: alt,
	})
}

func (c *checker) dropDefault(cl clause, what, message string) {
	c.add(cl.s, cl.at(), Finding{
		Rule:        "drop-default",
		Title:       "ALTER COLUMN " + cl.col() + " " + what,
		Message:     message,
		Alternative: what + " " + expandContract + " (every writer sets the column).",
	})
}

func (c *checker) addColumn(cl clause) {
	def := cl.cmd.GetDef().GetColumnDef()
	c.schema.addColumn(c, c.schema.table(cl.name), def)
	if cl.isNew {
		return
	}
	title := "ADD COLUMN " + cl.table + "." + def.GetColname()
	if c.notNull(def) && !c.hasDefault(def) {
		c.add(cl.s, cl.at(), Finding{
			Rule:        "add-column-not-null",
			Title:       title + " NOT NULL without a DEFAULT",
			Message:     "ADD COLUMN … NOT NULL without a DEFAULT fails on a table that has rows, and makes the running version's inserts, which do not set the column, fail.",
			Alternative: "Add it with a DEFAULT, or nullable now and SET NOT NULL " + expandContract + ".",
		})
	}
	if why := c.rewrites(def); why != "" {
		c.add(cl.s, cl.at(), Finding{
			Rule: "table-rewrite", Class: Lock, Title: title + " " + why,
			Message: "A column whose value must be computed for every existing row (" + why + ") rewrites " + cl.table +
				" under an ACCESS EXCLUSIVE lock: no read or write until it ends.",
			Alternative: c.addColumnAlternative(),
		})
	}
	for _, n := range def.GetConstraints() {
		switch n.GetConstraint().GetContype() {
		case pg.ConstrType_CONSTR_PRIMARY, pg.ConstrType_CONSTR_UNIQUE:
			c.constraintWithoutIndex(cl, title+" "+constraintKind(n.GetConstraint()))
		}
	}
}

func (c *checker) addColumnAlternative() string {
	if c.opts.PostgresVersion < 11 {
		return "Before PostgreSQL 11 any DEFAULT rewrites: add the column without one, SET DEFAULT in a separate statement (new rows only), and backfill existing rows in batches."
	}
	return "Add the column nullable with no default (or a constant one), SET DEFAULT for new rows, and backfill existing rows in batches."
}

// rewrites says why adding a column rewrites the table, or "".
func (c *checker) rewrites(def *pg.ColumnDef) string {
	if def.GetIdentity() != "" {
		return "GENERATED AS IDENTITY"
	}
	if isSerial(def.GetTypeName()) {
		return "of type " + typeName(def.GetTypeName())
	}
	for _, n := range def.GetConstraints() {
		con := n.GetConstraint()
		switch con.GetContype() {
		case pg.ConstrType_CONSTR_IDENTITY:
			return "GENERATED AS IDENTITY"
		case pg.ConstrType_CONSTR_GENERATED:
			return "GENERATED ALWAYS AS … STORED"
		case pg.ConstrType_CONSTR_DEFAULT:
			if isNullConst(con.GetRawExpr()) {
				continue
			}
			if c.opts.PostgresVersion < 11 {
				return "with a DEFAULT, before PostgreSQL 11"
			}
			if fn := c.volatile(con.GetRawExpr()); fn != "" {
				return "with the volatile DEFAULT " + fn + "()"
			}
		}
	}
	if e := def.GetRawDefault(); e != nil && !isNullConst(e) {
		if c.opts.PostgresVersion < 11 {
			return "with a DEFAULT, before PostgreSQL 11"
		}
		if fn := c.volatile(e); fn != "" {
			return "with the volatile DEFAULT " + fn + "()"
		}
	}
	return ""
}

// notNull reports whether a new column must hold a value: NOT NULL, a
// primary key, or a domain that is NOT NULL.
func (c *checker) notNull(def *pg.ColumnDef) bool {
	if def.GetIsNotNull() {
		return true
	}
	for _, n := range def.GetConstraints() {
		switch n.GetConstraint().GetContype() {
		case pg.ConstrType_CONSTR_NOTNULL, pg.ConstrType_CONSTR_PRIMARY:
			return true
		}
	}
	if d := c.domainOf(def.GetTypeName()); d != nil && d.notNull {
		return true
	}
	return false
}

// hasDefault reports whether a new column gets a value without the
// writer's help: a DEFAULT other than NULL, an identity, a generated
// expression, a serial type or a domain's default.
func (c *checker) hasDefault(def *pg.ColumnDef) bool {
	if e := def.GetRawDefault(); e != nil && !isNullConst(e) || def.GetIdentity() != "" || def.GetGenerated() != "" {
		return true
	}
	for _, n := range def.GetConstraints() {
		switch n.GetConstraint().GetContype() {
		case pg.ConstrType_CONSTR_DEFAULT:
			if !isNullConst(n.GetConstraint().GetRawExpr()) {
				return true
			}
		case pg.ConstrType_CONSTR_IDENTITY, pg.ConstrType_CONSTR_GENERATED:
			return true
		}
	}
	if d := c.domainOf(def.GetTypeName()); d != nil && d.hasDefault {
		return true
	}
	return isSerial(def.GetTypeName())
}

// isNullConst reports whether an expression is the NULL constant.
func isNullConst(e *pg.Node) bool {
	if tc := e.GetTypeCast(); tc != nil {
		e = tc.GetArg()
	}
	return e.GetAConst() != nil && e.GetAConst().GetIsnull()
}

func isSerial(t *pg.TypeName) bool {
	switch typeName(t) {
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
