package tflintrules

import (
	"regexp"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// What the rules that judge a role by its permissions share: the module's
// custom roles (google_project_iam_custom_role), and which one a grant's
// role names, by reference (google_project_iam_custom_role.x.id or .name)
// or by its name written out (projects/<project>/roles/<role_id>).

// customRole is a google_project_iam_custom_role of the module.
type customRole struct {
	label       string   // resource name
	roleID      string   // role_id, "" when unknown
	permissions []string // nil when unknown
	known       bool     // permissions are known
}

// customRoles reads the module's custom roles, by resource name.
func customRoles(runner tflint.Runner) (map[string]*customRole, error) {
	content, err := runner.GetResourceContent("google_project_iam_custom_role", &hclext.BodySchema{
		Attributes: []hclext.AttributeSchema{{Name: "role_id"}, {Name: "permissions"}},
	}, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]*customRole{}
	for _, b := range content.Blocks {
		r := &customRole{label: b.Labels[1]}
		if a, ok := b.Body.Attributes["role_id"]; ok {
			if r.roleID, _, err = stringValue(runner, a.Expr); err != nil {
				return nil, err
			}
		}
		if a, ok := b.Body.Attributes["permissions"]; ok && evaluable(a.Expr) {
			err := runner.EvaluateExpr(a.Expr, func(p []string) error {
				r.permissions, r.known = p, true
				return nil
			}, nil)
			if err != nil {
				return nil, err
			}
		}
		out[r.label] = r
	}
	return out, nil
}

var customRoleName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:projects|organizations)/[^/]+/roles/([A-Za-z0-9_.]+)$`)
})

// roleOf says what a grant's role is: a custom role of the module
// (custom), or a role named by its value (name, such as roles/viewer, or a
// custom role defined elsewhere). known is false when neither can be
// told.
func roleOf(runner tflint.Runner, roles map[string]*customRole, expr hcl.Expression) (custom *customRole, name string, known bool, err error) {
	for _, label := range references(expr, "google_project_iam_custom_role") {
		if r := roles[label]; r != nil {
			return r, "", true, nil
		}
	}
	name, known, err = stringValue(runner, expr)
	if err != nil || !known {
		return nil, "", false, err
	}
	if m := customRoleName().FindStringSubmatch(name); m != nil {
		for _, r := range roles {
			if r.roleID == m[1] {
				return r, name, true, nil
			}
		}
	}
	return nil, name, true, nil
}

// displayName is how a message names a custom role.
func (r *customRole) displayName() string {
	if r.roleID != "" {
		return r.roleID
	}
	return "google_project_iam_custom_role." + r.label
}

// copyingOut lists the permissions that read or move data rather than
// configuration: exports and imports (a database, a table, a bucket
// elsewhere), secret values, and object contents.
func copyingOut(permissions []string) []string {
	var out []string
	for _, p := range permissions {
		verb := p[strings.LastIndex(p, ".")+1:]
		if strings.HasPrefix(verb, "export") || strings.HasPrefix(verb, "import") ||
			p == "secretmanager.versions.access" || p == "storage.objects.get" {
			out = append(out, p)
		}
	}
	return out
}
