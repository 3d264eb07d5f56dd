package migrations

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Constraints added to or dropped from a table the running version uses.
// A FOREIGN KEY or CHECK added without NOT VALID scans the table under a
// lock; NOT VALID, then VALIDATE CONSTRAINT in a later statement or
// migration, does not. A PRIMARY KEY or UNIQUE constraint builds its index
// under the lock unless added USING INDEX built CONCURRENTLY. A CHECK added
// and validated at once also tightens the running version's writes, as SET
// NOT NULL does; so does ALTER DOMAIN … ADD CONSTRAINT or SET NOT NULL.

func (c *checker) addConstraint(cl clause) {
	con := cl.cmd.GetDef().GetConstraint()
	c.schema.addConstraint(c.schema.table(cl.name), con, !con.GetSkipValidation())
	if cl.isNew {
		return
	}
	kind := constraintKind(con)
	title := "ADD " + constraintTitle(con, cl.table)
	switch con.GetContype() {
	case pg.ConstrType_CONSTR_FOREIGN, pg.ConstrType_CONSTR_CHECK:
		if con.GetSkipValidation() {
			return
		}
		locks := "SHARE ROW EXCLUSIVE lock on both tables (writes wait)"
		if con.GetContype() == pg.ConstrType_CONSTR_CHECK {
			locks = "ACCESS EXCLUSIVE lock (reads and writes wait)"
			c.add(cl.s, cl.at(), Finding{
				Rule:  "add-check-constraint",
				Title: title,
				Message: "A CHECK constraint validated at once makes the running version's writes that break it fail, " +
					"and the migration itself fails if an existing row breaks it.",
				Alternative: "Add it NOT VALID once every writer complies, then VALIDATE CONSTRAINT in a separate statement or a later migration.",
			})
		}
		c.add(cl.s, cl.at(), Finding{
			Rule: "constraint-without-not-valid", Class: Lock, Title: title + " without NOT VALID",
			Message:     "Adding a " + kind + " constraint checks every existing row while holding a " + locks + " on " + cl.table + ".",
			Alternative: "ADD CONSTRAINT … NOT VALID (instant), then ALTER TABLE " + cl.table + " VALIDATE CONSTRAINT … in a later statement or migration: validating blocks no reads or writes.",
		})
	case pg.ConstrType_CONSTR_PRIMARY, pg.ConstrType_CONSTR_UNIQUE:
		if con.GetIndexname() == "" {
			c.constraintWithoutIndex(cl, title)
		}
	}
}

// constraintWithoutIndex is a PRIMARY KEY or UNIQUE constraint whose index
// is built under the ALTER TABLE's lock.
func (c *checker) constraintWithoutIndex(cl clause, title string) {
	c.add(cl.s, cl.at(), Finding{
		Rule: "constraint-without-index", Class: Lock, Title: title + " without USING INDEX",
		Message: "Adding a PRIMARY KEY or UNIQUE constraint builds its index while holding an ACCESS EXCLUSIVE lock on " + cl.table +
			": no read or write until the index is built.",
		Alternative: "CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT … PRIMARY KEY USING INDEX (or UNIQUE USING INDEX), which is instant " +
			"(a primary key also needs its columns NOT NULL: see set-not-null-scan).",
	})
}

// dropConstraint is DROP CONSTRAINT, unless the same clause list adds a
// constraint of that name back (a constraint redefined in one statement,
// with no moment without it).
func (c *checker) dropConstraint(cl clause, rest []*pg.Node) {
	name := cl.cmd.GetName()
	if t := c.schema.tables[cl.name]; t != nil {
		delete(t.checks, name)
	}
	if cl.isNew {
		return
	}
	for _, n := range rest {
		if cmd := n.GetAlterTableCmd(); cmd.GetSubtype() == pg.AlterTableType_AT_AddConstraint && cmd.GetDef().GetConstraint().GetConname() == name {
			return
		}
	}
	c.add(cl.s, cl.at(), Finding{
		Rule:        "drop-constraint",
		Title:       "DROP CONSTRAINT " + name + " ON " + cl.table,
		Message:     "DROP CONSTRAINT removes a guarantee (uniqueness, a foreign key, a check) that the running version and its data rely on.",
		Alternative: "Drop it " + expandContract + "; to redefine it, drop and add it back in one ALTER TABLE.",
	})
}

func constraintKind(con *pg.Constraint) string {
	switch con.GetContype() {
	case pg.ConstrType_CONSTR_FOREIGN:
		return "FOREIGN KEY"
	case pg.ConstrType_CONSTR_CHECK:
		return "CHECK"
	case pg.ConstrType_CONSTR_PRIMARY:
		return "PRIMARY KEY"
	case pg.ConstrType_CONSTR_UNIQUE:
		return "UNIQUE"
	case pg.ConstrType_CONSTR_EXCLUSION:
		return "EXCLUDE"
	}
	return strings.TrimPrefix(con.GetContype().String(), "CONSTR_")
}

func constraintTitle(con *pg.Constraint, table string) string {
	if con.GetConname() != "" {
		return "CONSTRAINT " + con.GetConname() + " " + constraintKind(con) + " ON " + table
	}
	return constraintKind(con) + " ON " + table
}

func domainConstraintTitle(con *pg.Constraint) string {
	if con.GetConname() != "" {
		return "CONSTRAINT " + con.GetConname() + " " + constraintKind(con)
	}
	return constraintKind(con)
}

func (c *checker) alterDomain(s stmt, d *pg.AlterDomainStmt) {
	name := c.lookupNames(d.GetTypeName())
	dom := c.schema.domains[name]
	switch d.GetSubtype() {
	case "C": // ADD CONSTRAINT
		if dom != nil && c.createdDomain(name) {
			return
		}
		c.add(s, -1, Finding{
			Rule:  "add-check-constraint",
			Title: "ALTER DOMAIN " + joinNames(d.GetTypeName()) + " ADD " + domainConstraintTitle(d.GetDef().GetConstraint()),
			Message: "A domain constraint tightens every column of the domain: the running version's writes that break it fail " +
				"(and, validated at once, it scans every such column).",
			Alternative: "Add it " + expandContract + ", once every writer complies (NOT VALID spares the scan, not the writers).",
		})
	case "O": // SET NOT NULL
		if dom != nil {
			dom.notNull = true
		}
		if c.createdDomain(name) {
			return
		}
		c.add(s, -1, Finding{
			Rule:        "set-not-null",
			Title:       "ALTER DOMAIN " + joinNames(d.GetTypeName()) + " SET NOT NULL",
			Message:     "SET NOT NULL on a domain makes the running version's writes that leave any column of the domain empty fail, and scans every such column.",
			Alternative: "SET NOT NULL " + expandContract + ", once every writer sets the columns.",
		})
	case "N": // DROP NOT NULL
		if dom != nil {
			dom.notNull = false
		}
	}
}

// createdDomain reports whether a domain was created earlier in this file.
func (c *checker) createdDomain(name string) bool { return c.createdDomains[name] }
