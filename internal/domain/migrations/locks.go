package migrations

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// Statements that hold a lock on a busy table for as long as they run:
// VACUUM FULL and CLUSTER (a rewrite), DETACH PARTITION without
// CONCURRENTLY; and any statement that locks an existing table in a file
// that set no lock_timeout, which can queue every read and write of the
// table behind a long query for as long as that query runs.

func (c *checker) vacuum(s stmt, v *pg.VacuumStmt) {
	if !v.GetIsVacuumcmd() {
		return // ANALYZE
	}
	full := false
	for _, o := range v.GetOptions() {
		if e := o.GetDefElem(); e.GetDefname() == "full" {
			full = e.GetArg() == nil || defTrue(e.GetArg())
		}
	}
	if !full {
		return
	}
	var names []string
	allNew := len(v.GetRels()) > 0
	for _, r := range v.GetRels() {
		rel := r.GetVacuumRelation().GetRelation()
		names = append(names, tableKey(rel))
		allNew = allNew && c.isNew(rel)
	}
	if allNew {
		return
	}
	what := "every table of the database"
	if len(names) > 0 {
		what = joinList(names)
	}
	c.add(s, -1, Finding{
		Rule: "vacuum-full", Class: Lock, Title: "VACUUM FULL " + strings.Join(names, ", "),
		Message:     "VACUUM FULL rewrites " + what + " under an ACCESS EXCLUSIVE lock: no read or write until it ends.",
		Alternative: "Plain VACUUM (it blocks no reads or writes); to give space back online, pg_repack or pg_squeeze, outside migrations.",
	})
}

func (c *checker) cluster(s stmt, cl *pg.ClusterStmt) {
	if cl.GetRelation() != nil && c.isNew(cl.GetRelation()) {
		return
	}
	what := "every table clustered before"
	if cl.GetRelation() != nil {
		what = tableKey(cl.GetRelation())
	}
	c.add(s, -1, Finding{
		Rule: "cluster", Class: Lock, Title: "CLUSTER " + strings.TrimPrefix(what, "every table clustered before"),
		Message:     "CLUSTER rewrites " + what + " under an ACCESS EXCLUSIVE lock: no read or write until it ends.",
		Alternative: "pg_repack --order-by reorders a table online, outside migrations; or leave the order to new rows.",
	})
}

// detachPartition: the partition's rows leave the parent's queries, and
// without CONCURRENTLY (PostgreSQL 14 and later) the parent is locked.
func (c *checker) detachPartition(cl clause) {
	pc := cl.cmd.GetDef().GetPartitionCmd()
	if cl.isNew {
		return
	}
	title := "DETACH PARTITION " + tableKey(pc.GetName()) + " FROM " + cl.table
	c.add(cl.s, cl.at(), Finding{
		Rule:        "detach-partition",
		Title:       title,
		Message:     "Detaching a partition removes its rows from every query of the running version on " + cl.table + ".",
		Alternative: "Detach it in a later migration marked `-- olympus:contract <reason>`, once no running version reads its rows.",
	})
	if pc.GetConcurrent() {
		c.concurrently(cl.s, "DETACH PARTITION … CONCURRENTLY")
		return
	}
	alt := "DETACH PARTITION … CONCURRENTLY (PostgreSQL 14 and later), outside a transaction block."
	if c.opts.PostgresVersion < 14 {
		alt = "Before PostgreSQL 14 there is no DETACH … CONCURRENTLY: run it when the table is quiet, with a short lock_timeout and retries."
	}
	c.add(cl.s, cl.at(), Finding{
		Rule: "detach-partition-blocking", Class: Lock, Title: title + " without CONCURRENTLY",
		Message:     "DETACH PARTITION without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on " + cl.table + ": no read or write until it ends.",
		Alternative: alt,
	})
}

// lockTimeout reports, once a file, the first statement that locks an
// existing table while no lock_timeout is set.
func (c *checker) lockTimeout(s stmt, n *pg.Node) {
	if c.lockTimeoutSet || c.lockReported {
		return
	}
	table, ok := c.locksTable(n)
	if !ok {
		return
	}
	c.lockReported = true
	c.add(s, -1, Finding{
		Rule: "lock-timeout", Class: Lock, Title: "lock on " + table + " without a lock_timeout",
		Message: "This statement locks " + table + ", which the running version uses, and no lock_timeout is set: " +
			"while it waits for a long query on the table to end, every other read and write of the table queues behind it.",
		Alternative: "SET lock_timeout = '5s'; before it (SET LOCAL inside a transaction block), and retry the migration when it times out.",
	})
}

// locksTable says whether a statement takes a lock that blocks the reads
// or writes of an existing table, and names the table.
func (c *checker) locksTable(n *pg.Node) (string, bool) {
	rel := func(rv *pg.RangeVar) (string, bool) {
		if rv == nil || c.isNew(rv) {
			return "", false
		}
		return tableKey(rv), true
	}
	switch n := n.GetNode().(type) {
	case *pg.Node_AlterTableStmt:
		if n.AlterTableStmt.GetObjtype() == pg.ObjectType_OBJECT_TABLE {
			return rel(n.AlterTableStmt.GetRelation())
		}
	case *pg.Node_IndexStmt:
		if !n.IndexStmt.GetConcurrent() {
			return rel(n.IndexStmt.GetRelation())
		}
	case *pg.Node_DropStmt:
		d := n.DropStmt
		switch d.GetRemoveType() {
		case pg.ObjectType_OBJECT_TABLE:
			for _, o := range d.GetObjects() {
				if name := c.lookupNames(o.GetList().GetItems()); !c.created[name] {
					return joinNames(o.GetList().GetItems()), true
				}
			}
		case pg.ObjectType_OBJECT_INDEX:
			if d.GetConcurrent() {
				break
			}
			for _, o := range d.GetObjects() {
				items := o.GetList().GetItems()
				if t, ok := c.createdIndexes[c.lookupNames(items)]; !ok || !c.created[t] {
					return "the table of index " + joinNames(items), true
				}
			}
		case pg.ObjectType_OBJECT_TRIGGER, pg.ObjectType_OBJECT_POLICY, pg.ObjectType_OBJECT_RULE:
			for _, o := range d.GetObjects() {
				if items := o.GetList().GetItems(); len(items) > 1 && !c.created[c.lookupNames(items[:len(items)-1])] {
					return joinNames(items[:len(items)-1]), true
				}
			}
		}
	case *pg.Node_RenameStmt:
		return rel(n.RenameStmt.GetRelation())
	case *pg.Node_AlterObjectSchemaStmt:
		return rel(n.AlterObjectSchemaStmt.GetRelation())
	case *pg.Node_TruncateStmt:
		for _, r := range n.TruncateStmt.GetRelations() {
			if name, ok := rel(r.GetRangeVar()); ok {
				return name, true
			}
		}
	case *pg.Node_CreateTrigStmt:
		return rel(n.CreateTrigStmt.GetRelation())
	case *pg.Node_RuleStmt:
		return rel(n.RuleStmt.GetRelation())
	case *pg.Node_CreatePolicyStmt:
		return rel(n.CreatePolicyStmt.GetTable())
	case *pg.Node_AlterPolicyStmt:
		return rel(n.AlterPolicyStmt.GetTable())
	case *pg.Node_LockStmt:
		for _, r := range n.LockStmt.GetRelations() {
			if name, ok := rel(r.GetRangeVar()); ok {
				return name, true
			}
		}
	case *pg.Node_ClusterStmt:
		if n.ClusterStmt.GetRelation() == nil {
			return "the clustered tables", true
		}
		return rel(n.ClusterStmt.GetRelation())
	case *pg.Node_ReindexStmt:
		for _, p := range n.ReindexStmt.GetParams() {
			if p.GetDefElem().GetDefname() == "concurrently" {
				return "", false
			}
		}
		if n.ReindexStmt.GetRelation() != nil {
			return rel(n.ReindexStmt.GetRelation())
		}
		return "the reindexed tables", true
	case *pg.Node_VacuumStmt:
		for _, o := range n.VacuumStmt.GetOptions() {
			if e := o.GetDefElem(); e.GetDefname() == "full" && (e.GetArg() == nil || defTrue(e.GetArg())) {
				for _, r := range n.VacuumStmt.GetRels() {
					if name, ok := rel(r.GetVacuumRelation().GetRelation()); ok {
						return name, true
					}
				}
				if len(n.VacuumStmt.GetRels()) == 0 {
					return "every table", true
				}
			}
		}
	}
	return "", false
}

// defTrue reads an option's boolean value (FULL true, FULL 1, FULL on).
func defTrue(n *pg.Node) bool {
	switch {
	case n.GetBoolean() != nil:
		return n.GetBoolean().GetBoolval()
	case n.GetInteger() != nil:
		return n.GetInteger().GetIval() != 0
	case n.GetString_() != nil:
		v := strings.ToLower(n.GetString_().GetSval())
		return v == "true" || v == "on" || v == "1" || v == "yes"
	}
	return true
}

func joinList(names []string) string { return strings.Join(names, ", ") }
