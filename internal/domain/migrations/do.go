package migrations

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
	pgquery "github.com/wasilibs/go-pgquery"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// DO blocks and the functions and procedures a file creates and then
// calls (CALL p(), SELECT f(), PERFORM f()): their bodies run when the
// migration runs, so their SQL statements, and EXECUTE of a constant
// string, are judged like the file's own and reported at the statement
// that runs them. A body PostgreSQL would refuse is invalid SQL; a body in
// another language, or EXECUTE of a string built at run time, cannot be
// judged (dynamic.go).

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
		c.cannotJudge(s, "DO block in "+language, "The guard reads PL/pgSQL only; this block's statements run unjudged.")
		return
	}
	c.plpgsqlBody(s, body, "DO block")
}

// plpgsqlBody judges a PL/pgSQL body.
func (c *checker) plpgsqlBody(s stmt, body, what string) {
	if c.tooDeep(s, body, what) {
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
		c.add(s, -1, Finding{Rule: "invalid-sql", Class: Invalid, Title: "invalid SQL: " + msg, Message: msg, Alternative: invalidAlternative})
		return
	}
	defer func(was bool) { c.inBody = was }(c.inBody)
	c.inBody = true
	c.plpgsql(s, tree, false)
}

// plpgsql judges the statements of a PL/pgSQL tree: each PLpgSQL_expr in
// statement mode, and the query of a dynamic EXECUTE when it is a constant
// string (its USING parameters are values). Expressions are searched for
// calls of functions the file created.
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
			case dynamic:
				if text, ok := constantString(q); ok {
					c.sql(s, text)
				} else {
					c.cannotJudge(s, "EXECUTE "+oneLine(q, 60), "EXECUTE runs a statement built when the migration runs, which the guard cannot read.")
				}
			case mode == 0:
				c.sql(s, q)
			case c.mayCall(q):
				c.sql(s, "SELECT "+q)
			}
			return
		}
		for _, k := range slices.Sorted(maps.Keys(n)) { // the same order on every run
			switch {
			case k == "PLpgSQL_stmt_dynexecute" || k == "PLpgSQL_stmt_dynfors":
				c.plpgsql(s, n[k], true)
			default:
				c.plpgsql(s, n[k], dynamic && k == "query" || k == "dynquery")
			}
		}
	}
}

// sql judges SQL run from inside a statement; SQL that does not parse is
// left to PostgreSQL.
func (c *checker) sql(s stmt, text string) {
	if c.tooDeep(s, text, "DO block") {
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
func (c *checker) tooDeep(s stmt, text, what string) bool {
	depth, _ := nesting(text)
	if depth <= MaxNesting {
		return false
	}
	c.add(s, -1, Finding{Rule: "invalid-sql", Class: Invalid, Title: "too deeply nested to judge",
		Message:     fmt.Sprintf("An expression in this %s is nested about %d levels deep; the parser's stack allows %d.", what, depth, MaxNesting),
		Alternative: "Split the expression or the statement; a migration rarely needs more than a few levels."})
	return true
}

// function is a function or procedure created in the file.
type function struct {
	name, language, body string
	atomic               []*pg.Node // BEGIN ATOMIC … END statements
	volatility           string
}

func (c *checker) createFunction(f *pg.CreateFunctionStmt) {
	fn := &function{name: funcName(f.GetFuncname()), language: "sql", volatility: "volatile"}
	for _, o := range f.GetOptions() {
		e := o.GetDefElem()
		switch e.GetDefname() {
		case "language":
			fn.language = e.GetArg().GetString_().GetSval()
		case "volatility":
			fn.volatility = e.GetArg().GetString_().GetSval()
		case "as":
			if items := e.GetArg().GetList().GetItems(); len(items) > 0 {
				fn.body = items[0].GetString_().GetSval()
			}
		}
	}
	for _, l := range f.GetSqlBody().GetList().GetItems() {
		fn.atomic = append(fn.atomic, l.GetList().GetItems()...)
	}
	c.functions[fn.name] = fn
}

// mayCall reports whether text may call a function the guard judges by
// its body, or dblink: most statements do not, and are not searched.
func (c *checker) mayCall(text string) bool {
	if strings.Contains(text, "dblink") {
		return true
	}
	for name := range c.functions {
		if strings.Contains(text, name) {
			return true
		}
	}
	return false
}

// calls judges the functions a statement calls: the bodies of those
// created in the file, and dblink.
func (c *checker) calls(s stmt, m interface{ ProtoReflect() protoreflect.Message }) {
	if len(c.functions) == 0 && !c.src.dblink {
		return
	}
	walkFuncCalls(m.ProtoReflect(), func(fc *pg.FuncCall) {
		name := funcName(fc.GetFuncname())
		if dblinkFunctions[name] {
			c.cannotJudge(s, name+"()", name+"() runs SQL over another connection, possibly to this same database, which the guard cannot read.")
			return
		}
		if f := c.functions[name]; f != nil {
			c.judgeFunction(s, f)
		}
	})
}

func (c *checker) judgeFunction(s stmt, f *function) {
	if c.calling[f.name] {
		return // recursion: judged once
	}
	if c.calling == nil {
		c.calling = map[string]bool{}
	}
	if len(f.atomic) == 0 && f.language != "plpgsql" && f.language != "sql" {
		c.cannotJudge(s, f.name+"() in "+f.language, "The function runs when the migration calls it; the guard reads PL/pgSQL and SQL bodies only.")
		return
	}
	c.calling[f.name] = true
	defer delete(c.calling, f.name)
	defer func(via string, inBody bool) { c.via, c.inBody = via, inBody }(c.via, c.inBody)
	c.via, c.inBody = f.name+"()", true
	switch {
	case len(f.atomic) > 0:
		for _, n := range f.atomic {
			c.node(s, n, -1)
		}
	case f.language == "plpgsql":
		c.plpgsqlBody(s, f.body, "function")
	default:
		c.sql(s, f.body)
	}
}

// walkFuncCalls calls fn on every function call in a parse tree.
func walkFuncCalls(m protoreflect.Message, fn func(*pg.FuncCall)) {
	if fc, ok := m.Interface().(*pg.FuncCall); ok {
		fn(fc)
	}
	m.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		switch {
		case fd.Message() == nil || fd.IsMap():
		case fd.IsList():
			l := v.List()
			for i := 0; i < l.Len(); i++ {
				walkFuncCalls(l.Get(i).Message(), fn)
			}
		default:
			walkFuncCalls(v.Message(), fn)
		}
		return true
	})
}

// volatile returns the first function of an expression that may return a
// different value for every row (so a DEFAULT computed for every row), or
// "". Functions are volatile unless known otherwise, as in PostgreSQL.
func (c *checker) volatile(e *pg.Node) string {
	found := ""
	walkFuncCalls(e.ProtoReflect(), func(fc *pg.FuncCall) {
		name := funcName(fc.GetFuncname())
		if found != "" || stableFunctions[name] {
			return
		}
		if f := c.functions[name]; f != nil && f.volatility != "volatile" {
			return
		}
		found = name
	})
	return found
}

// stableFunctions are built-in functions that are immutable or stable:
// one value for a whole statement.
var stableFunctions = map[string]bool{
	"now": true, "statement_timestamp": true, "transaction_timestamp": true, "current_setting": true,
	"lower": true, "upper": true, "concat": true, "concat_ws": true, "to_char": true, "to_date": true, "to_timestamp": true,
	"to_json": true, "to_jsonb": true, "json_build_object": true, "jsonb_build_object": true, "json_build_array": true,
	"jsonb_build_array": true, "make_date": true, "make_time": true, "make_interval": true, "make_timestamp": true,
	"make_timestamptz": true, "date_trunc": true, "date_part": true, "length": true, "substr": true, "substring": true,
	"replace": true, "md5": true, "abs": true, "round": true, "floor": true, "ceil": true, "trim": true, "btrim": true,
	"array_fill": true, "pg_catalog": true, "timezone": true, "current_database": true, "current_schema": true,
}
