package infra

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

// A small evaluator of the Olympus Terraform, enough to read who is granted
// what: variables from an environment's terraform.tfvars, locals, the
// functions the configuration uses, module calls with local sources, and
// for_each and dynamic blocks. What only exists after an apply (resource
// attributes) is unknown; references to resources are followed by name.

type module struct {
	dir    string
	blocks []*hclsyntax.Block
	ctx    *hcl.EvalContext
	kids   map[string]*module // module calls, by name
}

var functions = map[string]function.Function{
	"join":       stdlib.JoinFunc,
	"formatlist": stdlib.FormatListFunc,
	"format":     stdlib.FormatFunc,
	"jsonencode": stdlib.JSONEncodeFunc,
	"length":     stdlib.LengthFunc,
	"trimsuffix": stdlib.TrimSuffixFunc,
	"concat":     stdlib.ConcatFunc,
	"lookup":     stdlib.LookupFunc,
	"toset":      stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
	"tolist":     stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
}

// loadRoot loads a root module with an environment's values.
func loadRoot(t *testing.T, dir, env string) *module {
	t.Helper()
	vars := map[string]cty.Value{}
	src, err := os.ReadFile(filepath.Join(dir, "environments", env, "terraform.tfvars"))
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclsyntax.ParseConfig(src, env+".tfvars", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	attrs, _ := f.Body.JustAttributes()
	for name, a := range attrs {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		vars[name] = v
	}
	return loadModule(t, dir, vars)
}

func loadModule(t *testing.T, dir string, vars map[string]cty.Value) *module {
	t.Helper()
	m := &module{dir: dir, kids: map[string]*module{}}
	paths, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f, diags := hclsyntax.ParseConfig(src, p, hcl.InitialPos)
		if diags.HasErrors() {
			t.Fatal(diags)
		}
		m.blocks = append(m.blocks, f.Body.(*hclsyntax.Body).Blocks...)
	}
	// Resources and data sources are unknown until applied.
	roots := map[string]cty.Value{"data": cty.DynamicVal, "module": cty.DynamicVal}
	values := map[string]cty.Value{}
	for _, b := range m.blocks {
		switch b.Type {
		case "resource":
			roots[b.Labels[0]] = cty.DynamicVal
		case "variable":
			if v, ok := vars[b.Labels[0]]; ok {
				values[b.Labels[0]] = v
			} else if a, ok := b.Body.Attributes["default"]; ok {
				values[b.Labels[0]], _ = a.Expr.Value(nil)
			} else {
				values[b.Labels[0]] = cty.DynamicVal
			}
		}
	}
	roots["var"] = cty.ObjectVal(values)
	m.ctx = &hcl.EvalContext{Variables: roots, Functions: functions}

	// Locals may refer to each other: evaluate until nothing changes.
	locals := map[string]cty.Value{}
	for range 5 {
		m.ctx.Variables["local"] = cty.ObjectVal(locals)
		next := map[string]cty.Value{}
		for _, b := range m.blocks {
			if b.Type != "locals" {
				continue
			}
			for name, a := range b.Body.Attributes {
				v, diags := a.Expr.Value(m.ctx)
				if diags.HasErrors() {
					v = cty.DynamicVal
				}
				next[name] = v
			}
		}
		locals = next
	}
	m.ctx.Variables["local"] = cty.ObjectVal(locals)

	for _, b := range m.blocks {
		if b.Type != "module" {
			continue
		}
		source := m.eval(b.Body.Attributes["source"].Expr, nil)
		args := map[string]cty.Value{}
		for name, a := range b.Body.Attributes {
			args[name] = m.eval(a.Expr, nil)
		}
		m.kids[b.Labels[0]] = loadModule(t, filepath.Join(dir, source.AsString()), args)
	}
	return m
}

// eval evaluates expr with extra variables (each, or a dynamic block's
// iterator); what cannot be known is cty.DynamicVal.
func (m *module) eval(expr hcl.Expression, extra map[string]cty.Value) cty.Value {
	ctx := m.ctx
	if extra != nil {
		ctx = m.ctx.NewChild()
		ctx.Variables = extra
	}
	v, diags := expr.Value(ctx)
	if diags.HasErrors() {
		return cty.DynamicVal
	}
	return v
}

// str is expr's string value, or "" when unknown.
func (m *module) str(expr hcl.Expression, extra map[string]cty.Value) string {
	v := m.eval(expr, extra)
	if !v.IsWhollyKnown() || v.IsNull() || !v.Type().Equals(cty.String) {
		return ""
	}
	return v.AsString()
}

func (m *module) resources(typ string) []*hclsyntax.Block {
	var out []*hclsyntax.Block
	for _, b := range m.blocks {
		if (b.Type == "resource" || b.Type == "data") && b.Labels[0] == typ && !m.none(b) {
			out = append(out, b)
		}
	}
	return out
}

func (m *module) resource(typ, name string) *hclsyntax.Block {
	for _, b := range m.resources(typ) {
		if b.Labels[1] == name {
			return b
		}
	}
	return nil
}

// none says a resource's count is 0 in this environment (such as
// data_refresh.tf's identity where no environment is refreshed).
func (m *module) none(b *hclsyntax.Block) bool {
	a, ok := b.Body.Attributes["count"]
	if !ok {
		return false
	}
	v := m.eval(a.Expr, nil)
	return v.IsKnown() && !v.IsNull() && v.Type().Equals(cty.Number) && v.Equals(cty.Zero).True()
}

// instances are the each objects of a resource's for_each (one nil for a
// resource without one).
func (m *module) instances(b *hclsyntax.Block) []map[string]cty.Value {
	a, ok := b.Body.Attributes["for_each"]
	if !ok {
		return []map[string]cty.Value{nil}
	}
	v := m.eval(a.Expr, nil)
	if !v.IsKnown() || v.IsNull() || !v.CanIterateElements() {
		return nil
	}
	var out []map[string]cty.Value
	for it := v.ElementIterator(); it.Next(); {
		k, val := it.Element()
		if v.Type().IsSetType() {
			k = val
		}
		out = append(out, map[string]cty.Value{"each": cty.ObjectVal(map[string]cty.Value{"key": k, "value": val})})
	}
	return out
}

// referenced returns the names of the resources of one type expr refers to.
func referenced(expr hcl.Expression, typ string) []string {
	var out []string
	for _, tr := range expr.Variables() {
		if tr.RootName() == typ && len(tr) > 1 {
			if a, ok := tr[1].(hcl.TraverseAttr); ok {
				out = append(out, a.Name)
			}
		}
	}
	return out
}

// A grant is a role given to a service account (by account id) on a
// resource, as the table shows it.
type grant struct {
	role, account, on, condition string
}

var emailAccount = regexp.MustCompile(`^(?:serviceAccount:)?([a-z][a-z0-9-]+)@`)

// accountIDs maps each google_service_account's name to its account_id.
func (m *module) accountIDs() map[string]string {
	out := map[string]string{}
	for _, b := range m.resources("google_service_account") {
		out[b.Labels[1]] = m.str(b.Body.Attributes["account_id"].Expr, nil)
	}
	return out
}

// members resolves a member or members expression to account ids: by the
// value when it is known, else by the service accounts it refers to.
func (m *module) members(expr hcl.Expression, extra map[string]cty.Value, accounts map[string]string) []string {
	var exprs []hcl.Expression
	if t, ok := expr.(*hclsyntax.TupleConsExpr); ok {
		for _, e := range t.Exprs {
			exprs = append(exprs, e)
		}
	} else if v := m.eval(expr, extra); v.IsWhollyKnown() && !v.IsNull() && v.CanIterateElements() {
		var out []string
		for _, e := range v.AsValueSlice() {
			if mm := emailAccount.FindStringSubmatch(e.AsString()); mm != nil {
				out = append(out, mm[1])
			} else {
				out = append(out, e.AsString())
			}
		}
		return out
	} else {
		exprs = []hcl.Expression{expr}
	}
	var out []string
	for _, e := range exprs {
		if s := m.str(e, extra); s != "" {
			if mm := emailAccount.FindStringSubmatch(s); mm != nil {
				out = append(out, mm[1])
				continue
			}
			out = append(out, s)
			continue
		}
		for _, name := range referenced(e, "google_service_account") {
			out = append(out, accounts[name])
		}
		if len(referenced(e, "google_service_account")) == 0 {
			out = append(out, "?") // a principal set, or something unknown
		}
	}
	return out
}

// policyBindings reads a data "google_iam_policy", dynamic bindings
// included: role => members (as account ids).
func (m *module) policyBindings(name string, accounts map[string]string) map[string][]string {
	out := map[string][]string{}
	d := m.resource("google_iam_policy", name)
	if d == nil {
		return out
	}
	for _, b := range d.Body.Blocks {
		switch {
		case b.Type == "binding":
			role := m.str(b.Body.Attributes["role"].Expr, nil)
			out[role] = append(out[role], m.members(b.Body.Attributes["members"].Expr, nil, accounts)...)
		case b.Type == "dynamic" && b.Labels[0] == "binding":
			v := m.eval(b.Body.Attributes["for_each"].Expr, nil)
			if !v.IsWhollyKnown() || !v.CanIterateElements() {
				continue
			}
			var content *hclsyntax.Block
			for _, c := range b.Body.Blocks {
				if c.Type == "content" {
					content = c
				}
			}
			for it := v.ElementIterator(); it.Next(); {
				k, val := it.Element()
				iter := map[string]cty.Value{"binding": cty.ObjectVal(map[string]cty.Value{"key": k, "value": val})}
				role := m.str(content.Body.Attributes["role"].Expr, iter)
				out[role] = append(out[role], m.members(content.Body.Attributes["members"].Expr, iter, accounts)...)
			}
		}
	}
	return out
}

// iamPolicyKinds are the authoritative IAM policy resources the
// configuration uses: the attribute naming the resource they govern, the
// type of that resource, its attribute the table shows, and what it is.
var iamPolicyKinds = []struct{ kind, target, targetType, name, label string }{
	{"google_service_account_iam_policy", "service_account_id", "google_service_account", "account_id", "service account"},
	{"google_storage_bucket_iam_policy", "bucket", "google_storage_bucket", "name", "bucket"},
	{"google_cloud_run_v2_service_iam_policy", "name", "google_cloud_run_v2_service", "name", "Cloud Run service"},
	{"google_artifact_registry_repository_iam_policy", "repository", "google_artifact_registry_repository", "repository_id", "Artifact Registry repository"},
	{"google_kms_crypto_key_iam_policy", "crypto_key_id", "google_kms_crypto_key", "name", "KMS key"},
	{"google_container_analysis_note_iam_policy", "note", "google_container_analysis_note", "name", "Container Analysis note"},
	{"google_binary_authorization_attestor_iam_policy", "attestor", "google_binary_authorization_attestor", "name", "Binary Authorization attestor"},
}

// role is a grant's role: its value, or for a custom role of the module
// referred to by resource (google_project_iam_custom_role.x.id), its name
// projects/<project>/roles/<role_id>.
func (m *module) role(expr hcl.Expression, each map[string]cty.Value) string {
	if r := m.str(expr, each); r != "" {
		return r
	}
	for _, name := range referenced(expr, "google_project_iam_custom_role") {
		b := m.resource("google_project_iam_custom_role", name).Body
		return "projects/" + m.str(b.Attributes["project"].Expr, nil) + "/roles/" + m.str(b.Attributes["role_id"].Expr, nil)
	}
	return ""
}

// customRoles maps each google_project_iam_custom_role's name
// (projects/<project>/roles/<role_id>) to its permissions.
func (m *module) customRoles() map[string][]string {
	out := map[string][]string{}
	for _, b := range m.resources("google_project_iam_custom_role") {
		name := "projects/" + m.str(b.Body.Attributes["project"].Expr, nil) + "/roles/" + m.str(b.Body.Attributes["role_id"].Expr, nil)
		out[name] = m.strings(b.Body.Attributes["permissions"].Expr)
	}
	return out
}

// strings is expr's value as a list of strings, nil when unknown.
func (m *module) strings(expr hcl.Expression) []string {
	v := m.eval(expr, nil)
	if !v.IsWhollyKnown() || v.IsNull() || !v.CanIterateElements() {
		return nil
	}
	var out []string
	for _, e := range v.AsValueSlice() {
		if e.Type().Equals(cty.String) {
			out = append(out, e.AsString())
		}
	}
	return out
}

// grants collects every grant of a module and the modules it calls.
// accounts maps service account resource names to account ids (those of
// the bootstrap, for the bootstrap).
func (m *module) grants(accounts map[string]string) []grant {
	var out []grant
	for _, b := range m.resources("google_project_iam_member") {
		for _, each := range m.instances(b) {
			g := grant{role: m.role(b.Body.Attributes["role"].Expr, each), on: "project"}
			for _, c := range b.Body.Blocks {
				if c.Type == "condition" {
					g.condition = m.str(c.Body.Attributes["expression"].Expr, each)
				}
			}
			for _, acct := range m.members(b.Body.Attributes["member"].Expr, each, accounts) {
				g.account = acct
				out = append(out, g)
			}
		}
	}
	for _, b := range m.resources("google_storage_bucket_iam_binding") {
		bucket := m.str(b.Body.Attributes["bucket"].Expr, nil)
		for _, name := range referenced(b.Body.Attributes["bucket"].Expr, "google_storage_bucket") {
			bucket = m.str(m.resource("google_storage_bucket", name).Body.Attributes["name"].Expr, nil)
		}
		role := m.str(b.Body.Attributes["role"].Expr, nil)
		for _, acct := range m.members(b.Body.Attributes["members"].Expr, nil, accounts) {
			out = append(out, grant{role: role, account: acct, on: "bucket `" + bucket + "`"})
		}
	}
	for _, k := range iamPolicyKinds {
		for _, b := range m.resources(k.kind) {
			target := "?"
			for _, name := range referenced(b.Body.Attributes[k.target].Expr, k.targetType) {
				if r := m.resource(k.targetType, name); r != nil {
					target = m.str(r.Body.Attributes[k.name].Expr, nil)
				}
			}
			for _, data := range referencedData(b.Body.Attributes["policy_data"].Expr) {
				bindings := m.policyBindings(data, accounts)
				for _, role := range sortedKeys(bindings) {
					for _, acct := range bindings[role] {
						out = append(out, grant{role: role, account: acct, on: k.label + " `" + target + "`"})
					}
				}
			}
		}
	}
	for _, name := range sortedKeys(m.kids) {
		out = append(out, m.kids[name].grants(accounts)...)
	}
	return out
}

func referencedData(expr hcl.Expression) []string {
	var out []string
	for _, tr := range expr.Variables() {
		if tr.RootName() == "data" && len(tr) > 2 {
			if typ, ok := tr[1].(hcl.TraverseAttr); ok && typ.Name == "google_iam_policy" {
				out = append(out, tr[2].(hcl.TraverseAttr).Name)
			}
		}
	}
	return out
}
