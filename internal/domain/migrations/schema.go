package migrations

import (
	pg "github.com/pganalyze/pg_query_go/v6"
)

// What the migrations judged or learnt so far created, for the files after
// them: the type of each column (a widening type change rewrites nothing),
// NOT NULL and primary-key columns (WHERE id IS NOT NULL is no WHERE),
// check constraints on one column being not null (SET NOT NULL then tightens
// nothing), domains that are NOT NULL, and which table an index is on.
// What the guard never saw it does not know, and judges conservatively.

type schema struct {
	tables  map[string]*table
	domains map[string]*domain
	// file counts the files read, so that a constraint knows whether it was
	// added by an earlier migration.
	file int
}

type table struct {
	columns map[string]*column
	checks  map[string]*check
	indexes map[string]bool
}

type column struct {
	typ              colType
	notNull, primary bool
}

// check is a CHECK constraint; column is set when it says that one column
// IS NOT NULL.
type check struct {
	column    string
	validated bool
	file      int
}

type domain struct{ notNull, hasDefault bool }

func newSchema() *schema { return &schema{tables: map[string]*table{}, domains: map[string]*domain{}} }

func (sc *schema) table(name string) *table {
	t := sc.tables[name]
	if t == nil {
		t = &table{columns: map[string]*column{}, checks: map[string]*check{}, indexes: map[string]bool{}}
		sc.tables[name] = t
	}
	return t
}

// column returns what is known of a column, or nil.
func (sc *schema) column(table, name string) *column {
	if t := sc.tables[table]; t != nil {
		return t.columns[name]
	}
	return nil
}

func (sc *schema) createTable(c *checker, name string, t *pg.CreateStmt) {
	if _, ok := sc.tables[name]; ok && t.GetIfNotExists() {
		return
	}
	delete(sc.tables, name)
	tab := sc.table(name)
	for _, e := range t.GetTableElts() {
		switch {
		case e.GetColumnDef() != nil:
			sc.addColumn(c, tab, e.GetColumnDef())
		case e.GetConstraint() != nil:
			sc.addConstraint(tab, e.GetConstraint(), true)
		}
	}
}

func (sc *schema) addColumn(c *checker, tab *table, def *pg.ColumnDef) {
	col := &column{typ: typeOf(def.GetTypeName()), notNull: c.notNull(def)}
	for _, n := range def.GetConstraints() {
		if n.GetConstraint().GetContype() == pg.ConstrType_CONSTR_PRIMARY {
			col.primary = true
		}
	}
	tab.columns[def.GetColname()] = col
}

// addConstraint records a table constraint; validated is false for NOT VALID.
func (sc *schema) addConstraint(tab *table, con *pg.Constraint, validated bool) {
	switch con.GetContype() {
	case pg.ConstrType_CONSTR_PRIMARY:
		for _, k := range con.GetKeys() {
			if col := tab.columns[k.GetString_().GetSval()]; col != nil {
				col.primary, col.notNull = true, true
			}
		}
	case pg.ConstrType_CONSTR_CHECK:
		if con.GetConname() == "" {
			return
		}
		tab.checks[con.GetConname()] = &check{column: notNullColumn(con.GetRawExpr()), validated: validated && !con.GetSkipValidation(), file: sc.file}
	}
}

// notNullColumn returns the column of a `col IS NOT NULL` expression.
func notNullColumn(e *pg.Node) string {
	nt := e.GetNullTest()
	if nt == nil || nt.GetNulltesttype() != pg.NullTestType_IS_NOT_NULL {
		return ""
	}
	fields := nt.GetArg().GetColumnRef().GetFields()
	if len(fields) != 1 {
		return ""
	}
	return fields[0].GetString_().GetSval()
}

// notNullCheck returns the check constraint that keeps a column not null,
// if one is known.
func (sc *schema) notNullCheck(table, col string) *check {
	t := sc.tables[table]
	if t == nil {
		return nil
	}
	var best *check
	for _, ch := range t.checks {
		if ch.column == col && (best == nil || ch.validated && !best.validated || ch.file < best.file) {
			best = ch
		}
	}
	return best
}

func (c *checker) createDomain(d *pg.CreateDomainStmt) {
	dom := &domain{}
	for _, n := range d.GetConstraints() {
		switch n.GetConstraint().GetContype() {
		case pg.ConstrType_CONSTR_NOTNULL:
			dom.notNull = true
		case pg.ConstrType_CONSTR_DEFAULT:
			dom.hasDefault = !isNullConst(n.GetConstraint().GetRawExpr())
		}
	}
	name := c.lookupNames(d.GetDomainname())
	c.schema.domains[name] = dom
	c.createdDomains[name] = true
}

// domainOf returns the domain a column type names, if one is known.
func (c *checker) domainOf(t *pg.TypeName) *domain {
	names := t.GetNames()
	if len(names) == 0 || len(names) > 1 && names[0].GetString_().GetSval() == "pg_catalog" {
		return nil
	}
	return c.schema.domains[c.lookupNames(names)]
}

// colType is a column's type: its name and modifiers (varchar(20),
// numeric(10,2)).
type colType struct {
	name  string
	mods  []int64
	array bool
	known bool
}

func typeOf(t *pg.TypeName) colType {
	ct := colType{name: typeName(t), array: len(t.GetArrayBounds()) > 0, known: true}
	for _, m := range t.GetTypmods() {
		iv := m.GetAConst().GetIval()
		if iv == nil {
			return colType{name: ct.name}
		}
		ct.mods = append(ct.mods, int64(iv.GetIval()))
	}
	return ct
}
