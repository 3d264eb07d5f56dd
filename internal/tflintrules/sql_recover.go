package tflintrules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// SQLRecoverLeastPrivilegeRule: the identity that recovers Cloud SQL data
// clones an instance to a point in time, and can do nothing else to the
// data. cloudsql.instances.clone is in no predefined role below
// roles/cloudsql.admin, and that one also exports, imports, deletes and
// restores over instances. So the identity holds a custom role with
// cloudsql.instances.clone, get and list only (the operation reads are
// cloudsql.instances.get and list too), granted with an IAM condition on
// the instance name prefix, so it clones only the instances it is for:
//
//	resource.type != 'sqladmin.googleapis.com/Instance' || resource.name.startsWith('projects/<project>/instances/<prefix>')
//
// It looks at project, folder and organization grants to identities whose
// resource name or account_id matches identity_pattern (default
// "sql-recover"): any predefined role, a custom role of the module holding
// more than those three permissions, and a custom role granted without the
// condition. A custom role defined elsewhere, and values tflint cannot
// know, are not judged.
type SQLRecoverLeastPrivilegeRule struct{ rule }

func NewSQLRecoverLeastPrivilegeRule() *SQLRecoverLeastPrivilegeRule {
	return &SQLRecoverLeastPrivilegeRule{rule{name: "olympus_sql_recover_least_privilege", severity: tflint.ERROR}}
}

// DefaultSQLRecoverIdentityPattern recognises the identities that recover
// Cloud SQL data.
const DefaultSQLRecoverIdentityPattern = `(?i)sql.?recover`

var (
	sqlRecoverPermissions = []string{"cloudsql.instances.clone", "cloudsql.instances.get", "cloudsql.instances.list"}
	// A top-level clause, or the alternative to "not an instance", that
	// limits instance checks to a non-empty name prefix.
	instancePrefixCondition = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`resource\.name\.startsWith\(\s*['"]projects/[^/'"]+/instances/[^'"]+['"]\s*\)`)
	})
)

const sqlRecoverCondition = "resource.type != 'sqladmin.googleapis.com/Instance' || resource.name.startsWith('projects/<project>/instances/<prefix>')"

func (r *SQLRecoverLeastPrivilegeRule) Check(runner tflint.Runner) error {
	pattern, err := identityPattern(runner, r, DefaultSQLRecoverIdentityPattern)
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
			for _, msg := range r.judge(identity(names), custom, name, known, g) {
				if err := out.emit(msg, g.role.Range()); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (r *SQLRecoverLeastPrivilegeRule) judge(who string, custom *customRole, name string, known bool, g grant) []string {
	switch {
	case !known:
		return nil
	case custom == nil && strings.HasPrefix(name, "roles/"):
		return []string{fmt.Sprintf("sql-recover identity %s holds %s: give it a custom role with only %s, granted with an IAM condition on the instance name prefix (%s)",
			who, name, strings.Join(sqlRecoverPermissions, ", "), sqlRecoverCondition)}
	case custom == nil || !custom.known:
		return nil
	}
	var out []string
	var extra []string
	for _, p := range custom.permissions {
		if !slices.Contains(sqlRecoverPermissions, p) {
			extra = append(extra, p)
		}
	}
	if len(extra) > 0 {
		out = append(out, fmt.Sprintf("the custom role %s gives sql-recover identity %s %s, beyond %s",
			custom.displayName(), who, strings.Join(extra, ", "), strings.Join(sqlRecoverPermissions, ", ")))
	}
	// A condition tflint cannot read is not judged.
	if !g.hasCond || (g.condition != "" && !instancePrefixCondition().MatchString(g.condition)) {
		out = append(out, fmt.Sprintf("sql-recover identity %s holds %s without an IAM condition on the instance name prefix: add condition { expression = \"%s\" }",
			who, custom.displayName(), sqlRecoverCondition))
	}
	return out
}
