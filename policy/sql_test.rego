package olympus_rules.sql_test

import data.olympus_rules.sql

change(type, actions) := {"address": sprintf("%s.main", [type]), "type": type, "change": {"actions": actions}}

test_destroy_denied_in_every_environment if {
	every env in ["dev", "staging", "prod"] {
		count(sql.deny) == 1 with input as {"resource_changes": [change("google_sql_database_instance", ["delete"])]}
			with data.olympus as {"environment": env, "labels": ["allow-destroy"]}
	}
}

test_replace_denied_and_named if {
	msgs := sql.deny with input as {"resource_changes": [change("google_sql_database_instance", ["delete", "create"])]}
		with data.olympus as {"environment": "dev", "labels": []}
	some msg in msgs
	contains(msg, "google_sql_database_instance.main would be replaced")
}

test_update_and_create_pass if {
	count(sql.deny) == 0 with input as {"resource_changes": [
		change("google_sql_database_instance", ["update"]),
		change("google_sql_database_instance", ["create"]),
		change("google_sql_database_instance", ["no-op"]),
	]}
		with data.olympus as {"environment": "prod", "labels": []}
}

test_other_types_pass if {
	count(sql.deny) == 0 with input as {"resource_changes": [change("google_sql_database", ["delete"]), change("google_storage_bucket", ["delete"])]}
		with data.olympus as {"environment": "prod", "labels": []}
}
