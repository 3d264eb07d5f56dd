package tflintrules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// PlanReadOnlyRule: the identity that plans pull requests reads and never
// writes. Pull requests run the branch's own code, so whatever the plan
// identity can do, any branch can do: with write access to the state it
// can rewrite or delete it, and with project-wide secret access it can
// read every production secret. Plans need neither: the state is readable
// with roles/storage.objectViewer (plans run with -lock=false), and a
// configuration whose plan reads secrets puts them in the state and the
// saved plan.
//
// It looks at the grants to identities whose resource name or account_id
// matches identity_pattern (default "plan"): a project-level role that
// reads every secret (unless its IAM condition names resource.name), a
// project-level role that writes Cloud Storage, and any role on a bucket
// that is not read-only.
type PlanReadOnlyRule struct{ rule }

func NewPlanReadOnlyRule() *PlanReadOnlyRule {
	return &PlanReadOnlyRule{rule{name: "olympus_plan_identity_read_only", severity: tflint.ERROR}}
}

// DefaultPlanIdentityPattern recognises the identities that plan.
const DefaultPlanIdentityPattern = `(?i)plan`

var (
	// Roles that read every secret of the project.
	projectSecretRoles = []string{"roles/owner", "roles/secretmanager.admin", "roles/secretmanager.secretAccessor"}
	// Roles that write objects in every bucket of the project.
	projectStorageWriteRoles = []string{"roles/owner", "roles/editor", "roles/storage.admin", "roles/storage.objectAdmin",
		"roles/storage.objectUser", "roles/storage.objectCreator", "roles/storage.legacyBucketOwner",
		"roles/storage.legacyBucketWriter", "roles/storage.legacyObjectOwner"}
	// Roles on a bucket that only read.
	bucketReadRoles = []string{"roles/storage.objectViewer", "roles/storage.legacyObjectReader",
		"roles/storage.legacyBucketReader", "roles/storage.bucketViewer"}
)

func (r *PlanReadOnlyRule) Check(runner tflint.Runner) error {
	pattern, err := identityPattern(runner, r, DefaultPlanIdentityPattern)
	if err != nil {
		return err
	}
	accounts, err := serviceAccounts(runner)
	if err != nil {
		return err
	}
	project, err := grants(runner, "google_project_iam", "project")
	if err != nil {
		return err
	}
	buckets, err := grants(runner, "google_storage_bucket_iam", "bucket")
	if err != nil {
		return err
	}
	out := newEmitter(runner, r)
	check := func(g grant, judge func(role string, g grant) string) error {
		names, err := accountNames(runner, accounts, g.member)
		if err != nil || !matching(pattern, names) {
			return err
		}
		role, ok, err := stringValue(runner, g.role)
		if err != nil || !ok {
			return err
		}
		if why := judge(role, g); why != "" {
			return out.emit(fmt.Sprintf("plan identity %s %s", identity(names), why), g.role.Range())
		}
		return nil
	}
	for _, g := range project {
		err := check(g, func(role string, g grant) string {
			switch {
			case slices.Contains(projectSecretRoles, role) && !(g.hasCond && strings.Contains(g.condition, "resource.name")):
				return fmt.Sprintf("has project-wide secret access (%s): plans must not need secrets; grant access to single secrets to the identities that use them", role)
			case slices.Contains(projectStorageWriteRoles, role):
				return fmt.Sprintf("can write the Terraform state (%s on the project): plans read the state with roles/storage.objectViewer on its bucket and run with -lock=false", role)
			}
			return ""
		})
		if err != nil {
			return err
		}
	}
	for _, g := range buckets {
		err := check(g, func(role string, g grant) string {
			if slices.Contains(bucketReadRoles, role) {
				return ""
			}
			bucket := "its bucket"
			if g.target != nil {
				if t := sourceText(runner, g.target); t != "" {
					bucket = t
				}
			}
			return fmt.Sprintf("can write the Terraform state (%s on %s): grant roles/storage.objectViewer, and plan with -lock=false", role, bucket)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
