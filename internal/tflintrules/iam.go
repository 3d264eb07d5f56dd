package tflintrules

import (
	"regexp"
	"strings"
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// What the IAM rules share: every grant of a role to a member, however it
// is written (an _iam_member, an _iam_binding, or an _iam_policy built with
// data "google_iam_policy"), and which service account a member or target
// names. IAM members usually reference resources (google_service_account.x
// .member) whose values tflint cannot know, so identities are recognised
// from the configuration itself: the resource's name and its account_id.

// grant is one role given to one member.
type grant struct {
	resource  string         // e.g. google_project_iam_member
	target    hcl.Expression // service_account_id, bucket, project…; nil when absent
	role      hcl.Expression
	member    hcl.Expression
	condition string // the IAM condition's expression, "" when none or unknown
	hasCond   bool
}

var conditionSchema = hclext.BlockSchema{
	Type: "condition",
	Body: &hclext.BodySchema{Attributes: []hclext.AttributeSchema{{Name: "expression"}}},
}

// grants reads the grants of the IAM resources <prefix>_member,
// <prefix>_binding and <prefix>_policy (such as google_project_iam), whose
// target is the attribute named target.
func grants(runner tflint.Runner, prefix, target string) ([]grant, error) {
	var out []grant
	for _, kind := range []string{"_member", "_binding"} {
		content, err := runner.GetResourceContent(prefix+kind, &hclext.BodySchema{
			Attributes: []hclext.AttributeSchema{{Name: target}, {Name: "role"}, {Name: "member"}, {Name: "members"}, {Name: "for_each"}},
			Blocks:     []hclext.BlockSchema{conditionSchema},
		}, nil)
		if err != nil {
			return nil, err
		}
		for _, b := range content.Blocks {
			g := grant{resource: prefix + kind}
			if a, ok := b.Body.Attributes[target]; ok {
				g.target = a.Expr
			}
			role, ok := b.Body.Attributes["role"]
			if !ok {
				continue
			}
			g.role = role.Expr
			if g.hasCond, g.condition, err = conditionOf(runner, b); err != nil {
				return nil, err
			}
			var forEach hcl.Expression
			if a, ok := b.Body.Attributes["for_each"]; ok {
				forEach = a.Expr
			}
			for _, name := range []string{"member", "members"} {
				if a, ok := b.Body.Attributes[name]; ok {
					for _, m := range elements(a.Expr) {
						for _, alt := range eachValues(m, forEach) {
							gm := g
							gm.member = alt
							out = append(out, gm)
						}
					}
				}
			}
		}
	}

	policies, err := runner.GetResourceContent(prefix+"_policy", &hclext.BodySchema{
		Attributes: []hclext.AttributeSchema{{Name: target}, {Name: "policy_data"}},
	}, nil)
	if err != nil {
		return nil, err
	}
	if len(policies.Blocks) == 0 {
		return out, nil
	}
	bindings, err := policyBindings(runner)
	if err != nil {
		return nil, err
	}
	for _, b := range policies.Blocks {
		data, ok := b.Body.Attributes["policy_data"]
		if !ok {
			continue
		}
		var tgt hcl.Expression
		if a, ok := b.Body.Attributes[target]; ok {
			tgt = a.Expr
		}
		for _, label := range references(data.Expr, "data", "google_iam_policy") {
			for _, pb := range bindings[label] {
				pb.resource = prefix + "_policy"
				pb.target = tgt
				out = append(out, pb)
			}
		}
	}
	return out, nil
}

// policyBindings reads every data "google_iam_policy" binding, by the data
// source's name, one grant per member.
func policyBindings(runner tflint.Runner) (map[string][]grant, error) {
	content, err := runner.GetModuleContent(&hclext.BodySchema{Blocks: []hclext.BlockSchema{{
		Type:       "data",
		LabelNames: []string{"type", "name"},
		Body: &hclext.BodySchema{Blocks: []hclext.BlockSchema{{
			Type: "binding",
			Body: &hclext.BodySchema{
				Attributes: []hclext.AttributeSchema{{Name: "role"}, {Name: "members"}},
				Blocks:     []hclext.BlockSchema{conditionSchema},
			},
		}}},
	}}}, nil)
	if err != nil {
		return nil, err
	}
	out := map[string][]grant{}
	for _, d := range content.Blocks {
		if d.Labels[0] != "google_iam_policy" {
			continue
		}
		for _, b := range d.Body.Blocks {
			role, ok := b.Body.Attributes["role"]
			members, ok2 := b.Body.Attributes["members"]
			if !ok || !ok2 {
				continue
			}
			g := grant{role: role.Expr}
			if g.hasCond, g.condition, err = conditionOf(runner, b); err != nil {
				return nil, err
			}
			for _, m := range elements(members.Expr) {
				gm := g
				gm.member = m
				out[d.Labels[1]] = append(out[d.Labels[1]], gm)
			}
		}
	}
	return out, nil
}

func conditionOf(runner tflint.Runner, b *hclext.Block) (has bool, expr string, err error) {
	for _, c := range b.Body.Blocks {
		if c.Type != "condition" {
			continue
		}
		has = true
		if a, ok := c.Body.Attributes["expression"]; ok {
			expr, _, err = stringValue(runner, a.Expr)
		}
	}
	return has, expr, err
}

// elements returns the elements of a list written out in the source, or
// the expression itself (a variable, a for expression…).
func elements(expr hcl.Expression) []hcl.Expression {
	if t, ok := hcl.UnwrapExpression(expr).(*hclsyntax.TupleConsExpr); ok {
		out := make([]hcl.Expression, len(t.Exprs))
		for i, e := range t.Exprs {
			out[i] = e
		}
		return out
	}
	return []hcl.Expression{expr}
}

// eachValues resolves a member written with each.value (or each.key) to
// the element expressions of the for_each written out in the source, such
// as for_each = { plan = google_service_account.plan.email, … }: tflint
// cannot know those values, so every element stands for the member. Any
// other member is returned as is.
func eachValues(member, forEach hcl.Expression) []hcl.Expression {
	if forEach == nil {
		return []hcl.Expression{member}
	}
	var usesValue, usesKey bool
	for _, tr := range member.Variables() {
		if names := traversalNames(tr); len(names) == 2 && names[0] == "each" {
			usesValue = usesValue || names[1] == "value"
			usesKey = usesKey || names[1] == "key"
		}
	}
	if !usesValue && !usesKey {
		return []hcl.Expression{member}
	}
	fe := hcl.UnwrapExpression(forEach)
	if call, ok := fe.(*hclsyntax.FunctionCallExpr); ok && call.Name == "toset" && len(call.Args) == 1 {
		fe = call.Args[0]
	}
	var out []hcl.Expression
	switch fe := fe.(type) {
	case *hclsyntax.ObjectConsExpr:
		for _, item := range fe.Items {
			if usesValue {
				out = append(out, item.ValueExpr)
			} else {
				out = append(out, item.KeyExpr)
			}
		}
	case *hclsyntax.TupleConsExpr:
		for _, e := range fe.Exprs {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		return []hcl.Expression{member}
	}
	return out
}

// references returns the names of the resources of one type (or, with
// root "data", the data sources of one type) that expr refers to.
func references(expr hcl.Expression, root string, typ ...string) []string {
	var out []string
	for _, tr := range expr.Variables() {
		names := traversalNames(tr)
		switch {
		case root == "data" && len(names) >= 3 && names[0] == "data" && names[1] == typ[0]:
			out = append(out, names[2])
		case root != "data" && len(names) >= 2 && names[0] == root:
			out = append(out, names[1])
		}
	}
	return out
}

// moduleLocals reads the module's locals, by name.
func moduleLocals(runner tflint.Runner) (map[string]hcl.Expression, error) {
	content, err := runner.GetModuleContent(&hclext.BodySchema{Blocks: []hclext.BlockSchema{{
		Type: "locals",
		Body: &hclext.BodySchema{Mode: hclext.SchemaJustAttributesMode},
	}}}, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]hcl.Expression{}
	for _, b := range content.Blocks {
		for name, a := range b.Body.Attributes {
			out[name] = a.Expr
		}
	}
	return out, nil
}

// referencesThroughLocals is references, following the locals expr uses.
func referencesThroughLocals(locals map[string]hcl.Expression, expr hcl.Expression, root string, typ ...string) []string {
	out := references(expr, root, typ...)
	seen := map[string]bool{}
	queue := references(expr, "local")
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] || locals[name] == nil {
			continue
		}
		seen[name] = true
		out = append(out, references(locals[name], root, typ...)...)
		queue = append(queue, references(locals[name], "local")...)
	}
	return out
}

func traversalNames(tr hcl.Traversal) []string {
	var out []string
	for _, step := range tr {
		switch s := step.(type) {
		case hcl.TraverseRoot:
			out = append(out, s.Name)
		case hcl.TraverseAttr:
			out = append(out, s.Name)
		default:
			return out
		}
	}
	return out
}

// stringValue evaluates expr to a string; ok is false when tflint cannot
// know it (a resource attribute, a variable without a value).
func stringValue(runner tflint.Runner, expr hcl.Expression) (v string, ok bool, err error) {
	if !evaluable(expr) {
		return "", false, nil
	}
	err = runner.EvaluateExpr(expr, func(s string) error {
		v, ok = s, true
		return nil
	}, nil)
	return v, ok, err
}

// evaluable reports whether expr refers only to what tflint can know
// (variables, locals, each and count), not to resources or data sources
// whose attributes exist only after an apply.
func evaluable(expr hcl.Expression) bool {
	for _, tr := range expr.Variables() {
		switch tr.RootName() {
		case "var", "local", "each", "count", "path", "terraform":
		default:
			return false
		}
	}
	return true
}

// sourceText is the expression as written.
func sourceText(runner tflint.Runner, expr hcl.Expression) string {
	r := expr.Range()
	f, err := runner.GetFile(r.Filename)
	if err != nil || f == nil || r.End.Byte > len(f.Bytes) || r.Start.Byte > r.End.Byte {
		return ""
	}
	return string(r.SliceBytes(f.Bytes))
}

// text is the value of expr when tflint knows it, else its source: member
// strings are recognised in either.
func text(runner tflint.Runner, expr hcl.Expression) (string, error) {
	v, ok, err := stringValue(runner, expr)
	if err != nil || ok {
		return v, err
	}
	return sourceText(runner, expr), nil
}

// serviceAccounts maps each google_service_account's resource name to its
// account_id (its value, or its source when unknown).
func serviceAccounts(runner tflint.Runner) (map[string]string, error) {
	content, err := runner.GetResourceContent("google_service_account", &hclext.BodySchema{
		Attributes: []hclext.AttributeSchema{{Name: "account_id"}},
	}, nil)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, b := range content.Blocks {
		id := ""
		if a, ok := b.Body.Attributes["account_id"]; ok {
			if id, err = text(runner, a.Expr); err != nil {
				return nil, err
			}
		}
		out[b.Labels[1]] = id
	}
	return out, nil
}

var accountEmail = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`([a-z][a-z0-9-]{4,28}[a-z0-9])@`) })

// accountNames are the names by which expr designates service accounts:
// the resource name and account_id of each google_service_account it
// refers to, and the account id of each service account email in it.
func accountNames(runner tflint.Runner, accounts map[string]string, expr hcl.Expression) ([]string, error) {
	var out []string
	for _, label := range references(expr, "google_service_account") {
		if id := strings.Trim(accounts[label], `"`); id != "" {
			out = append(out, id)
		}
		out = append(out, label)
	}
	t, err := text(runner, expr)
	if err != nil {
		return nil, err
	}
	for _, m := range accountEmail().FindAllStringSubmatch(t, -1) {
		out = append(out, m[1])
	}
	return out, nil
}

// identity is the name to show for the accounts an expression names: the
// account id when known.
func identity(names []string) string {
	if len(names) == 0 {
		return "?"
	}
	return names[0]
}

// matching reports whether any name matches the pattern.
func matching(re *regexp.Regexp, names []string) bool {
	for _, n := range names {
		if re.MatchString(n) {
			return true
		}
	}
	return false
}

// identityConfig is the option shared by the identity rules: a regular
// expression that recognises their identities by resource name or
// account_id.
type identityConfig struct {
	IdentityPattern string `hclext:"identity_pattern,optional"`
}

func identityPattern(runner tflint.Runner, r tflint.Rule, def string) (*regexp.Regexp, error) {
	var cfg identityConfig
	if err := runner.DecodeRuleConfig(r.Name(), &cfg); err != nil {
		return nil, err
	}
	if cfg.IdentityPattern == "" {
		cfg.IdentityPattern = def
	}
	return regexp.Compile(cfg.IdentityPattern)
}

// emitter reports each message at each place once: a resource expanded by
// for_each or count is checked once per instance.
type emitter struct {
	runner tflint.Runner
	rule   tflint.Rule
	seen   map[string]bool
}

func newEmitter(runner tflint.Runner, r tflint.Rule) *emitter {
	return &emitter{runner: runner, rule: r, seen: map[string]bool{}}
}

func (e *emitter) emit(msg string, where hcl.Range) error {
	key := where.String() + "\x00" + msg
	if e.seen[key] {
		return nil
	}
	e.seen[key] = true
	return e.runner.EmitIssue(e.rule, msg, where)
}
