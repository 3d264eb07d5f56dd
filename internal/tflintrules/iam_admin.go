package tflintrules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// ConditionalIAMAdminRule: a role that can change a project's (folder's,
// organization's) IAM policy is granted only with an IAM condition that
// limits which roles it may grant, as Google documents for "limited IAM
// admins":
//
//	api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/a', 'roles/b'])
//
// Unconditioned, roles/resourcemanager.projectIamAdmin can grant its holder
// roles/owner: whoever can become a CI identity holding it owns the
// project. The limit must be a top-level clause of the condition, and the
// roles it allows must not themselves lead to owner (owner, editor, IAM
// admin, service account admin, impersonation, workload identity).
type ConditionalIAMAdminRule struct{ rule }

func NewConditionalIAMAdminRule() *ConditionalIAMAdminRule {
	return &ConditionalIAMAdminRule{rule{name: "olympus_conditional_iam_admin", severity: tflint.ERROR}}
}

var (
	// Roles that can set the IAM policy of the resource they are granted on.
	iamAdminRoles = []string{
		"roles/resourcemanager.projectIamAdmin", "roles/resourcemanager.folderIamAdmin",
		"roles/resourcemanager.folderAdmin", "roles/resourcemanager.organizationAdmin", "roles/iam.securityAdmin",
	}
	// Roles that, granted, lead to control of identities or the project.
	escalatingRoles = append([]string{
		"roles/owner", "roles/editor",
		"roles/iam.serviceAccountAdmin", "roles/iam.serviceAccountKeyAdmin", "roles/iam.serviceAccountTokenCreator",
		"roles/iam.serviceAccountUser", "roles/iam.workloadIdentityUser", "roles/iam.workloadIdentityPoolAdmin",
		"roles/iam.roleAdmin", "roles/iam.organizationRoleAdmin",
	}, iamAdminRoles...)
)

func (r *ConditionalIAMAdminRule) Check(runner tflint.Runner) error {
	// One finding per role given, not per member or instance.
	out := newEmitter(runner, r)
	for _, scope := range [][2]string{
		{"google_project_iam", "project"}, {"google_folder_iam", "folder"}, {"google_organization_iam", "org_id"},
	} {
		gs, err := grants(runner, scope[0], scope[1])
		if err != nil {
			return err
		}
		for _, g := range gs {
			role, ok, err := stringValue(runner, g.role)
			if err != nil {
				return err
			}
			if !ok || !slices.Contains(iamAdminRoles, role) {
				continue
			}
			if why := r.judge(role, g); why != "" {
				if err := out.emit(why, g.role.Range()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

const grantLimit = "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([...])"

func (r *ConditionalIAMAdminRule) judge(role string, g grant) string {
	if !g.hasCond {
		return fmt.Sprintf("%s without an IAM condition can grant any role, roles/owner included: add a condition %s listing only the roles this configuration grants", role, grantLimit)
	}
	if g.condition == "" {
		return "" // a condition tflint cannot read is not judged
	}
	roles, ok := GrantableRoles(g.condition)
	if !ok {
		return fmt.Sprintf("%s: its IAM condition does not limit the roles it can grant: make %s a top-level clause (joined with &&, never ||)", role, grantLimit)
	}
	var bad []string
	for _, granted := range roles {
		if slices.Contains(escalatingRoles, granted) {
			bad = append(bad, granted)
		}
	}
	if len(bad) > 0 {
		return fmt.Sprintf("%s: its IAM condition still lets it grant %s, which lead to owner: list only the roles this configuration grants", role, strings.Join(bad, ", "))
	}
	return ""
}
