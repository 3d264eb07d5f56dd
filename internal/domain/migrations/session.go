package migrations

import (
	"strconv"
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// What a file sets while it runs, followed statement by statement: the
// tables it created (and which of them are temporary), its search_path,
// whether it set a lock_timeout, and whether a transaction block is open.

type session struct {
	// created holds the tables created earlier in the file, by resolved
	// name (schema.table, pg_temp.table for temporary ones): changing a
	// table that no running version has seen yet breaks nothing.
	created map[string]bool
	// dropAtCommit are temporary tables created ON COMMIT DROP.
	dropAtCommit []string
	// createdIndexes maps the indexes created in the file to their table.
	createdIndexes map[string]string
	// searchPath is the schemas unqualified names are looked up in.
	searchPath []string
	// lockTimeoutSet is set once the file set a lock_timeout other than 0.
	lockTimeoutSet bool
	lockReported   bool
	// inTransaction is set inside BEGIN … COMMIT; local holds the values
	// SET LOCAL changed, restored at its end.
	inTransaction  bool
	local          *savedSettings
	createdDomains map[string]bool
	// functions are the functions and procedures created in the file.
	functions map[string]*function
}

type savedSettings struct {
	searchPath     []string
	lockTimeoutSet bool
}

var defaultSearchPath = []string{"public"}

func newSession() *session {
	return &session{created: map[string]bool{}, createdIndexes: map[string]string{}, createdDomains: map[string]bool{}, searchPath: defaultSearchPath,
		functions: map[string]*function{}}
}

// lookup resolves a table's name as PostgreSQL would in this file: a
// temporary table first, then the first schema of the search_path. A name
// that may reach another schema's table resolves to one nothing created.
func (s *session) lookup(rv *pg.RangeVar) string {
	if rv.GetSchemaname() != "" {
		return qualify(rv.GetSchemaname(), rv.GetRelname())
	}
	if t := qualify("pg_temp", rv.GetRelname()); s.created[t] {
		return t
	}
	return qualify(s.searchPath[0], rv.GetRelname())
}

// lookupNames resolves a name given as a list of identifiers.
func (s *session) lookupNames(items []*pg.Node) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return s.lookup(&pg.RangeVar{Relname: items[0].GetString_().GetSval()})
	}
	return s.lookup(&pg.RangeVar{Schemaname: items[len(items)-2].GetString_().GetSval(), Relname: items[len(items)-1].GetString_().GetSval()})
}

// creates returns the resolved name of a table being created.
func (s *session) creates(rv *pg.RangeVar) string {
	switch {
	case rv.GetRelpersistence() == "t":
		return qualify("pg_temp", rv.GetRelname())
	case rv.GetSchemaname() != "":
		return qualify(rv.GetSchemaname(), rv.GetRelname())
	}
	return qualify(s.searchPath[0], rv.GetRelname())
}

func qualify(schema, name string) string { return schema + "." + name }

func (c *checker) createTable(t *pg.CreateStmt) {
	name := c.creates(t.GetRelation())
	c.schema.createTable(c, name, t)
	// IF NOT EXISTS may create nothing: the table that is there stays judged.
	if t.GetIfNotExists() {
		return
	}
	if t.GetOncommit() == pg.OnCommitAction_ONCOMMIT_DROP {
		if !c.inTransaction {
			return // dropped at the end of its own statement
		}
		c.dropAtCommit = append(c.dropAtCommit, name)
	}
	c.created[name] = true
}

func (c *checker) createTableAs(s stmt, t *pg.CreateTableAsStmt) {
	c.node(s, t.GetQuery(), -1)
	if t.GetIfNotExists() || t.GetObjtype() != pg.ObjectType_OBJECT_TABLE {
		return
	}
	name := c.creates(t.GetInto().GetRel())
	if t.GetInto().GetOnCommit() == pg.OnCommitAction_ONCOMMIT_DROP {
		if !c.inTransaction {
			return
		}
		c.dropAtCommit = append(c.dropAtCommit, name)
	}
	c.created[name] = true
}

// forget is a table dropped or renamed: its name may now reach another.
func (s *session) forget(name string) { delete(s.created, name) }

func (c *checker) transaction(t *pg.TransactionStmt) {
	switch t.GetKind() {
	case pg.TransactionStmtKind_TRANS_STMT_BEGIN, pg.TransactionStmtKind_TRANS_STMT_START:
		c.inTransaction = true
	case pg.TransactionStmtKind_TRANS_STMT_COMMIT, pg.TransactionStmtKind_TRANS_STMT_ROLLBACK,
		pg.TransactionStmtKind_TRANS_STMT_PREPARE:
		c.inTransaction = false
		for _, name := range c.dropAtCommit {
			c.forget(name)
		}
		c.dropAtCommit = nil
		if c.local != nil {
			c.searchPath, c.lockTimeoutSet = c.local.searchPath, c.local.lockTimeoutSet
			c.local = nil
		}
	}
}

func (c *checker) discard(d *pg.DiscardStmt) {
	if d.GetTarget() == pg.DiscardMode_DISCARD_TEMP || d.GetTarget() == pg.DiscardMode_DISCARD_ALL {
		for name := range c.created {
			if strings.HasPrefix(name, "pg_temp.") {
				c.forget(name)
			}
		}
	}
}

// set follows SET and RESET of the settings that change a verdict.
func (c *checker) set(s stmt, v *pg.VariableSetStmt) {
	var values []string
	for _, a := range v.GetArgs() {
		switch {
		case a.GetAConst().GetSval() != nil:
			values = append(values, a.GetAConst().GetSval().GetSval())
		case a.GetAConst().GetIval() != nil:
			values = append(values, strconv.Itoa(int(a.GetAConst().GetIval().GetIval())))
		case a.GetAConst().GetFval() != nil:
			values = append(values, a.GetAConst().GetFval().GetFval())
		}
	}
	reset := v.GetKind() == pg.VariableSetKind_VAR_RESET || v.GetKind() == pg.VariableSetKind_VAR_SET_DEFAULT
	if v.GetKind() == pg.VariableSetKind_VAR_RESET_ALL {
		c.searchPath, c.lockTimeoutSet = defaultSearchPath, false
		return
	}
	c.setting(s, v.GetName(), values, reset, v.GetIsLocal())
}

// setting applies one setting's new value (SET, or set_config()).
func (c *checker) setting(s stmt, name string, values []string, reset, local bool) {
	if local && c.inTransaction && c.local == nil {
		c.local = &savedSettings{searchPath: c.searchPath, lockTimeoutSet: c.lockTimeoutSet}
	}
	if local && !c.inTransaction {
		return // SET LOCAL outside a transaction block does nothing
	}
	switch strings.ToLower(name) {
	case "search_path":
		var path []string
		for _, v := range values {
			for _, p := range strings.Split(v, ",") {
				if p = strings.Trim(strings.TrimSpace(p), `"`); p != "" && p != "$user" && p != "pg_temp" {
					path = append(path, p)
				}
			}
		}
		if reset || len(path) == 0 {
			path = defaultSearchPath
		}
		c.searchPath = path
	case "lock_timeout":
		c.lockTimeoutSet = !reset && len(values) == 1 && nonZeroDuration(values[0])
	case "standard_conforming_strings":
		if !reset && len(values) == 1 && (strings.EqualFold(values[0], "off") || strings.EqualFold(values[0], "false")) {
			c.cannotJudgeRest(s, "SET standard_conforming_strings = off",
				"With standard_conforming_strings off, backslashes in '…' strings are escapes, so the rest of the file means something else than the parser reads.")
		}
	}
}

// setConfig follows SELECT set_config('name', 'value', is_local).
func (c *checker) setConfig(s stmt, sel *pg.SelectStmt) {
	for _, t := range sel.GetTargetList() {
		fc := t.GetResTarget().GetVal().GetFuncCall()
		if fc == nil || funcName(fc.GetFuncname()) != "set_config" || len(fc.GetArgs()) != 3 {
			continue
		}
		name, value := fc.GetArgs()[0].GetAConst().GetSval(), fc.GetArgs()[1].GetAConst().GetSval()
		if name == nil || value == nil {
			continue
		}
		local := fc.GetArgs()[2].GetAConst().GetBoolval().GetBoolval()
		c.setting(s, name.GetSval(), []string{value.GetSval()}, false, local)
	}
}

// nonZeroDuration reports whether a timeout setting's value is a time
// other than 0 (which turns the timeout off): '5s', 5000, '1min'.
func nonZeroDuration(v string) bool {
	v = strings.TrimSpace(v)
	num := strings.TrimRightFunc(v, func(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == ' ' })
	f, err := strconv.ParseFloat(num, 64)
	return err == nil && f > 0
}
