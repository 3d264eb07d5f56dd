package olympus_rules.iam_test

import data.olympus_rules.iam

plan := {"resource_changes": [
	{"address": "google_project_iam_member.ci", "type": "google_project_iam_member", "change": {"actions": ["create"]}},
	{"address": "google_storage_bucket_iam_binding.assets", "type": "google_storage_bucket_iam_binding", "change": {"actions": ["update"]}},
	{"address": "google_project_iam_custom_role.deployer", "type": "google_project_iam_custom_role", "change": {"actions": ["delete"]}},
	{"address": "google_service_account.ci", "type": "google_service_account", "change": {"actions": ["create"]}},
	{"address": "google_project_iam_member.unchanged", "type": "google_project_iam_member", "change": {"actions": ["no-op"]}},
]}

test_prod_iam_change_without_label_denied if {
	msgs := iam.deny with input as plan with data.olympus as {"environment": "prod", "labels": ["allow-destroy"]}
	count(msgs) == 3
	some msg in msgs
	contains(msg, "google_project_iam_member.ci: an IAM change in prod needs the \"iam-change-approved\" label")
}

test_prod_iam_change_with_label_warns if {
	count(iam.deny) == 0 with input as plan with data.olympus as {"environment": "prod", "labels": ["iam-change-approved"]}
	count(iam.warn) == 3 with input as plan with data.olympus as {"environment": "prod", "labels": ["iam-change-approved"]}
}

test_other_environments_warn_only if {
	every env in ["dev", "staging"] {
		count(iam.deny) == 0 with input as plan with data.olympus as {"environment": env, "labels": []}
		count(iam.warn) == 3 with input as plan with data.olympus as {"environment": env, "labels": []}
	}
}

test_no_iam_change_passes if {
	count(iam.deny) == 0 with input as {"resource_changes": [{"address": "google_service_account.ci", "type": "google_service_account", "change": {"actions": ["create"]}}]}
		with data.olympus as {"environment": "prod", "labels": []}
}
