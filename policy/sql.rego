# A Cloud SQL instance holds Olympus's data: no plan destroys or replaces
# one, in any environment, whatever the pull request's labels say. An
# instance that really has to go is removed by hand, after a backup and a
# recovery test (README: SQL recovery), then from the code.
#
# It needs the plan: a destroy comes from a removed block, a renamed
# resource or a changed attribute that forces a replacement, none of which
# a linter of the code can see.
package olympus_rules.sql

deny contains msg if {
	some rc in input.resource_changes
	rc.type == "google_sql_database_instance"
	"delete" in rc.change.actions
	msg := sprintf("%s would be %s: a Cloud SQL instance is never destroyed by a plan, in any environment", [rc.address, lost(rc.change.actions)])
}

lost(actions) := "replaced (destroyed, then created empty)" if {
	"create" in actions
} else := "destroyed"
