package migrations

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Conditions that hold for every row count as no WHERE: WHERE true,
// WHERE 1 = 1, WHERE id = id, WHERE NOT false, WHERE true AND true, and
// col IS NOT NULL on a primary key or NOT NULL column (a column named id
// counts as the primary key when no migration said otherwise).

// limits reports whether a condition may leave rows out.
func (c *checker) limits(w *pg.Node, rel *pg.RangeVar) bool {
	return w != nil && !c.alwaysTrue(w, rel)
}

func (c *checker) alwaysTrue(n *pg.Node, rel *pg.RangeVar) bool {
	switch {
	case n.GetAConst() != nil:
		b := n.GetAConst().GetBoolval()
		return b != nil && b.GetBoolval()
	case n.GetBoolExpr() != nil:
		args := n.GetBoolExpr().GetArgs()
		switch n.GetBoolExpr().GetBoolop() {
		case pg.BoolExprType_AND_EXPR:
			for _, a := range args {
				if !c.alwaysTrue(a, rel) {
					return false
				}
			}
			return true
		case pg.BoolExprType_OR_EXPR:
			for _, a := range args {
				if c.alwaysTrue(a, rel) {
					return true
				}
			}
			return false
		case pg.BoolExprType_NOT_EXPR:
			return len(args) == 1 && c.alwaysFalse(args[0], rel)
		}
	case n.GetAExpr() != nil:
		return comparesEqual(n.GetAExpr())
	case n.GetNullTest() != nil:
		nt := n.GetNullTest()
		return nt.GetNulltesttype() == pg.NullTestType_IS_NOT_NULL && c.neverNull(nt.GetArg(), rel)
	case n.GetBooleanTest() != nil:
		bt := n.GetBooleanTest()
		switch bt.GetBooltesttype() {
		case pg.BoolTestType_IS_TRUE, pg.BoolTestType_IS_NOT_FALSE:
			return c.alwaysTrue(bt.GetArg(), rel)
		case pg.BoolTestType_IS_FALSE, pg.BoolTestType_IS_NOT_TRUE:
			return c.alwaysFalse(bt.GetArg(), rel)
		}
	}
	return false
}

func (c *checker) alwaysFalse(n *pg.Node, rel *pg.RangeVar) bool {
	switch {
	case n.GetAConst() != nil:
		b := n.GetAConst().GetBoolval()
		return b != nil && !b.GetBoolval()
	case n.GetBoolExpr() != nil:
		args := n.GetBoolExpr().GetArgs()
		switch n.GetBoolExpr().GetBoolop() {
		case pg.BoolExprType_AND_EXPR:
			for _, a := range args {
				if c.alwaysFalse(a, rel) {
					return true
				}
			}
		case pg.BoolExprType_OR_EXPR:
			for _, a := range args {
				if !c.alwaysFalse(a, rel) {
					return false
				}
			}
			return true
		case pg.BoolExprType_NOT_EXPR:
			return len(args) == 1 && c.alwaysTrue(args[0], rel)
		}
	case n.GetNullTest() != nil:
		nt := n.GetNullTest()
		return nt.GetNulltesttype() == pg.NullTestType_IS_NULL && c.neverNull(nt.GetArg(), rel)
	}
	return false
}

// comparesEqual reports whether a comparison holds whatever the row: two
// equal constants, or a column compared with itself by =, <= or >= (true
// for every row where it is not null).
func comparesEqual(e *pg.A_Expr) bool {
	if e.GetKind() != pg.A_Expr_Kind_AEXPR_OP || len(e.GetName()) != 1 {
		return false
	}
	op := e.GetName()[0].GetString_().GetSval()
	l, r := e.GetLexpr(), e.GetRexpr()
	if lc, rc := l.GetAConst(), r.GetAConst(); lc != nil && rc != nil {
		a, b := constText(lc), constText(rc)
		if a == "" || b == "" {
			return false
		}
		switch op {
		case "=", ">=", "<=":
			return a == b
		case "<>", "!=":
			return a != b && a[0] == b[0] // both numbers, or both strings
		}
		return false
	}
	if lr, rr := l.GetColumnRef(), r.GetColumnRef(); lr != nil && rr != nil && (op == "=" || op == ">=" || op == "<=") {
		return columnPath(lr) != "" && columnPath(lr) == columnPath(rr)
	}
	return false
}

// constText renders a constant with its kind first ("n1", "s'a'"), or "".
func constText(c *pg.A_Const) string {
	switch {
	case c.GetIval() != nil:
		return "n" + strconv.Itoa(int(c.GetIval().GetIval()))
	case c.GetFval() != nil:
		return "n" + c.GetFval().GetFval()
	case c.GetSval() != nil:
		return "s" + c.GetSval().GetSval()
	case c.GetBoolval() != nil:
		if c.GetBoolval().GetBoolval() {
			return "btrue"
		}
		return "bfalse"
	}
	return ""
}

func columnPath(r *pg.ColumnRef) string {
	var parts []string
	for _, f := range r.GetFields() {
		if f.GetString_() == nil {
			return ""
		}
		parts = append(parts, f.GetString_().GetSval())
	}
	return strings.Join(parts, ".")
}

// neverNull reports whether an expression is a column of rel that cannot
// be null: a primary key or NOT NULL column, or one named id.
func (c *checker) neverNull(n *pg.Node, rel *pg.RangeVar) bool {
	fields := n.GetColumnRef().GetFields()
	if len(fields) == 0 || len(fields) > 2 {
		return false
	}
	col := fields[len(fields)-1].GetString_().GetSval()
	if len(fields) == 2 {
		if q := fields[0].GetString_().GetSval(); q != rel.GetRelname() && q != rel.GetAlias().GetAliasname() {
			return false
		}
	}
	if known := c.schema.column(c.lookup(rel), col); known != nil {
		return known.primary || known.notNull
	}
	return col == "id"
}
