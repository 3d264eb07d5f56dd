package migrations

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	pgquery "github.com/wasilibs/go-pgquery"
)

// DO blocks: PL/pgSQL run when the migration runs. Their SQL statements,
// and EXECUTE of a constant string, are judged like the file's own and
// reported at the DO statement. A body PostgreSQL would refuse is invalid
// SQL.

func (c *checker) do(s stmt, d *pg.DoStmt) {
	body, language := "", "plpgsql"
	for _, a := range d.GetArgs() {
		switch e := a.GetDefElem(); e.GetDefname() {
		case "as":
			body = e.GetArg().GetString_().GetSval()
		case "language":
			language = e.GetArg().GetString_().GetSval()
		}
	}
	if language != "plpgsql" {
		return
	}
	if c.tooDeep(s, body) {
		return
	}
	tag := "$olympus$"
	for i := 0; strings.Contains(body, tag); i++ {
		tag = fmt.Sprintf("$olympus%d$", i)
	}
	out, err := pgquery.ParsePlPgSqlToJSON("CREATE FUNCTION olympus_do() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag)
	var tree any
	if err == nil {
		err = json.Unmarshal([]byte(out), &tree)
	}
	if err != nil {
		msg := oneLine(err.Error(), maxStatement)
		c.add(s, -1, Finding{Rule: "invalid-sql", Title: "invalid SQL: " + msg, Message: msg, Alternative: invalidAlternative})
		return
	}
	c.plpgsql(s, tree, false)
}

// plpgsql judges the statements of a PL/pgSQL tree: each PLpgSQL_expr in
// statement mode, and the query of a dynamic EXECUTE when it is a constant
// string (its USING parameters are values).
func (c *checker) plpgsql(s stmt, n any, dynamic bool) {
	switch n := n.(type) {
	case []any:
		for _, v := range n {
			c.plpgsql(s, v, false)
		}
	case map[string]any:
		if e, ok := n["PLpgSQL_expr"].(map[string]any); ok {
			q, _ := e["query"].(string)
			mode, _ := e["parseMode"].(float64)
			switch {
			case mode == 0:
				c.sql(s, q)
			case dynamic:
				if text, ok := constantString(q); ok {
					c.sql(s, text)
				}
			}
			return
		}
		for _, k := range slices.Sorted(maps.Keys(n)) { // the same order on every run
			switch {
			case k == "PLpgSQL_stmt_dynexecute" || k == "PLpgSQL_stmt_dynfors":
				c.plpgsql(s, n[k], true)
			default:
				c.plpgsql(s, n[k], dynamic && k == "query")
			}
		}
	}
}

// sql judges SQL run from inside a statement; SQL that does not parse is
// left to PostgreSQL.
func (c *checker) sql(s stmt, text string) {
	if c.tooDeep(s, text) {
		return
	}
	tree, err := parse(text)
	if err != nil {
		return
	}
	for _, raw := range tree.GetStmts() {
		c.node(s, raw.GetStmt(), -1)
	}
}

// constantString reads an expression that is one string constant.
func constantString(expr string) (string, bool) {
	tree, err := parse("SELECT " + expr)
	if err != nil || len(tree.GetStmts()) != 1 {
		return "", false
	}
	targets := tree.GetStmts()[0].GetStmt().GetSelectStmt().GetTargetList()
	if len(targets) != 1 {
		return "", false
	}
	sv := targets[0].GetResTarget().GetVal().GetAConst().GetSval()
	if sv == nil {
		return "", false
	}
	return sv.GetSval(), true
}

// tooDeep reports, as a finding, SQL nested deeper than the parser's stack.
func (c *checker) tooDeep(s stmt, text string) bool {
	depth, _ := nesting(text)
	if depth <= MaxNesting {
		return false
	}
	c.add(s, -1, Finding{Rule: "invalid-sql", Title: "too deeply nested to judge",
		Message:     fmt.Sprintf("An expression in this DO block is nested about %d levels deep; the parser's stack allows %d.", depth, MaxNesting),
		Alternative: "Split the expression or the statement; a migration rarely needs more than a few levels."})
	return true
}
