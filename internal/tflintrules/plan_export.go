package tflintrules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// PlanNoExportRule: the plan identity can read, never copy data out. A plan
// identity is one any branch's workflow may be able to become (in Olympus,
// every pull request's plan job can), so whatever data it can export, any
// branch can copy to a bucket of its own. roles/viewer looks harmless and
// holds cloudsql.instances.export (Google's Cloud SQL IAM role table), and
// so do the Cloud SQL roles and owner and editor. A plan needs only the
// get and getIamPolicy permissions of what it refreshes: a custom role.
//
// It looks at project, folder and organization grants to identities whose
// resource name or account_id matches identity_pattern (default "plan"):
// a role of exportingRoles, or a custom role of the module
// (google_project_iam_custom_role) whose permissions include an export or
// import, secretmanager.versions.access or storage.objects.get.
type PlanNoExportRule struct{ rule }

func NewPlanNoExportRule() *PlanNoExportRule {
	return &PlanNoExportRule{rule{name: "olympus_plan_identity_no_export", severity: tflint.ERROR}}
}

// exportingRoles are the predefined roles that can export a Cloud SQL
// database (cloudsql.instances.export), which a plan identity never holds.
var exportingRoles = []string{"roles/viewer", "roles/editor", "roles/owner",
	"roles/cloudsql.viewer", "roles/cloudsql.editor", "roles/cloudsql.admin"}

// iamScopes are the grants of project, folder and organization roles.
var iamScopes = [][2]string{{"google_project_iam", "project"}, {"google_folder_iam", "folder"}, {"google_organization_iam", "org_id"}}

func (r *PlanNoExportRule) Check(runner tflint.Runner) error {
	pattern, err := identityPattern(runner, r, DefaultPlanIdentityPattern)
	if err != nil {
		return err
	}
	accounts, err := serviceAccounts(runner)
	if err != nil {
		return err
	}
	roles, err := customRoles(runner)
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	for _, scope := range iamScopes {
		gs, err := grants(runner, scope[0], scope[1])
		if err != nil {
			return err
		}
		for _, g := range gs {
			names, err := accountNames(runner, accounts, g.member)
			if err != nil {
				return err
			}
			if !matching(pattern, names) {
				continue
			}
			custom, name, known, err := roleOf(runner, roles, g.role)
			if err != nil {
				return err
			}
			msg := ""
			switch {
			case !known:
			case custom != nil && custom.known:
				if bad := copyingOut(custom.permissions); len(bad) > 0 {
					msg = fmt.Sprintf("plan identity %s holds the custom role %s, whose permissions copy data out (%s): any branch that can become it can too; a plan needs only the get and getIamPolicy permissions of what it refreshes",
						identity(names), custom.displayName(), strings.Join(bad, ", "))
				}
			case custom == nil && slices.Contains(exportingRoles, name):
				msg = fmt.Sprintf("plan identity %s holds %s, which can export Cloud SQL databases (cloudsql.instances.export): any branch that can become it can copy production data out; grant a custom role holding only what a refresh reads",
					identity(names), name)
			}
			if msg != "" {
				if err := out.emit(msg, g.role.Range()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
