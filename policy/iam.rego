# Who may do what in production is reviewed by someone who knows: an IAM
# change in prod needs the pull request label iam-change-approved. The
# exception is the policy's own: it reads the label from
# data.olympus.labels (plan-comment gives the pull request's labels,
# deploy its policy-labels input). Elsewhere an IAM change is a warning,
# so that reviewers see it.
package olympus_rules.iam

production := "prod"

approval_label := "iam-change-approved"

# IAM resources of the Google provider: members, bindings, policies,
# audit configs and custom roles, of any resource kind.
iam_type(t) if regex.match(`^google_[a-z0-9_]*iam_(member|binding|policy|audit_config|custom_role)$`, t)

changes contains rc if {
	some rc in input.resource_changes
	iam_type(rc.type)
	not rc.change.actions in {["no-op"], ["read"]}
}

approved if approval_label in data.olympus.labels

deny contains msg if {
	data.olympus.environment == production
	not approved
	some rc in changes
	msg := sprintf("%s: an IAM change in %s needs the %q label on the pull request (%s)", [rc.address, production, approval_label, concat(", ", rc.change.actions)])
}

warn contains msg if {
	data.olympus.environment == production
	approved
	some rc in changes
	msg := sprintf("%s: IAM change in %s, approved by the %q label", [rc.address, production, approval_label])
}

warn contains msg if {
	data.olympus.environment != production
	some rc in changes
	msg := sprintf("%s: IAM change (%s)", [rc.address, concat(", ", rc.change.actions)])
}
