package migrations

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Changes that take away the running version's access to what it uses:
// REVOKE of a privilege or a role, OWNER TO (the old owner, often the
// application's role, loses the owner's rights), a rule that silently does
// nothing instead of a write, and ROW LEVEL SECURITY enabled on a table
// (roles other than the owner then see only the rows a policy allows).

func (c *checker) grant(s stmt, g *pg.GrantStmt) {
	if g.GetIsGrant() {
		return
	}
	var objects []string
	allNew := g.GetTargtype() == pg.GrantTargetType_ACL_TARGET_OBJECT && g.GetObjtype() == pg.ObjectType_OBJECT_TABLE
	for _, o := range g.GetObjects() {
		if rv := o.GetRangeVar(); rv != nil {
			objects = append(objects, tableKey(rv))
			allNew = allNew && c.isNew(rv)
		} else {
			objects = append(objects, objectName(o))
			allNew = false
		}
	}
	if allNew && len(objects) > 0 {
		return
	}
	what := objectKind(g.GetObjtype()) + " " + strings.Join(objects, ", ")
	if g.GetTargtype() == pg.GrantTargetType_ACL_TARGET_ALL_IN_SCHEMA {
		what = "ALL " + objectKind(g.GetObjtype()) + "S IN SCHEMA " + strings.Join(objects, ", ")
	}
	c.revoke(s, what, roles(g.GetGrantees()))
}

func (c *checker) grantRole(s stmt, g *pg.GrantRoleStmt) {
	if g.GetIsGrant() {
		return
	}
	var granted []string
	for _, r := range g.GetGrantedRoles() {
		granted = append(granted, r.GetAccessPriv().GetPrivName())
	}
	c.revoke(s, "ROLE "+strings.Join(granted, ", "), roles(g.GetGranteeRoles()))
}

func (c *checker) revoke(s stmt, what, from string) {
	c.add(s, -1, Finding{
		Rule:        "revoke",
		Title:       "REVOKE ON " + what + " FROM " + from,
		Message:     "REVOKE takes away access that the running version's role may use: its queries then fail with permission denied.",
		Alternative: "Revoke it " + expandContract + ".",
	})
}

func (c *checker) alterOwner(s stmt, a *pg.AlterOwnerStmt) {
	c.ownerTo(s, -1, objectKind(a.GetObjectType())+" "+objectName(a.GetObject()), a.GetNewowner())
}

func (c *checker) ownerTo(s stmt, at int, what string, owner *pg.RoleSpec) {
	c.add(s, at, Finding{
		Rule:  "owner-to",
		Title: "ALTER " + what + " OWNER TO " + roleName(owner),
		Message: "A new owner takes the owner's rights (ALTER, DROP, TRUNCATE, and every privilege not granted) from the old one: " +
			"if the running version connects as the old owner, its statements that need them fail.",
		Alternative: "GRANT the new role what it needs and keep the owner; change the owner " + expandContract + ".",
	})
}

// rule is CREATE RULE … DO INSTEAD NOTHING: writes that succeed and do
// nothing.
func (c *checker) rule(s stmt, r *pg.RuleStmt) {
	if !r.GetInstead() || len(r.GetActions()) > 0 || c.isNew(r.GetRelation()) {
		return
	}
	event := strings.TrimPrefix(r.GetEvent().String(), "CMD_")
	c.add(s, -1, Finding{
		Rule:  "rule-instead-nothing",
		Title: "CREATE RULE " + r.GetRulename() + " ON " + event + " TO " + tableKey(r.GetRelation()) + " DO INSTEAD NOTHING",
		Message: "From now on the running version's " + event + " statements on " + tableKey(r.GetRelation()) +
			" report success and change nothing: its writes are lost without an error.",
		Alternative: "Stop the writes in the application first; add the rule " + expandContract + ".",
	})
}

func (c *checker) enableRowSecurity(cl clause) {
	if cl.isNew {
		return
	}
	what := "ENABLE"
	if cl.cmd.GetSubtype() == pg.AlterTableType_AT_ForceRowSecurity {
		what = "FORCE"
	}
	c.add(cl.s, cl.at(), Finding{
		Rule:  "enable-rls",
		Title: what + " ROW LEVEL SECURITY ON " + cl.table,
		Message: "With row level security on, every role but the owner (with FORCE, the owner too) sees and writes only the rows a policy allows: " +
			"with no policy for it, the running version's queries see no rows and its writes fail.",
		Alternative: "CREATE POLICY for every role the application uses first (in this or an earlier migration), and check them in staging before enabling.",
	})
}

func roles(specs []*pg.Node) string {
	var out []string
	for _, r := range specs {
		out = append(out, roleName(r.GetRoleSpec()))
	}
	return strings.Join(out, ", ")
}

func roleName(r *pg.RoleSpec) string {
	if r.GetRolename() != "" {
		return r.GetRolename()
	}
	return strings.TrimPrefix(r.GetRoletype().String(), "ROLESPEC_")
}
