package regopolicy

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// Sensitive is what a policy sees in place of a value terraform marks
// sensitive or a key names as a secret: the plan comment's word.
const Sensitive = "(sensitive)"

// Input reads a `terraform show -json` plan into the input a policy sees:
// the whole document as terraform wrote it (resource_changes,
// resource_drift, output_changes, planned_values, prior_state,
// configuration, variables, ...), redacted the way every other rendering
// of a plan is:
//
//   - values terraform marks sensitive (before_sensitive, after_sensitive,
//     sensitive_values, sensitive outputs and variables, the defaults of
//     sensitive variables) are Sensitive;
//   - values under a secret-named key (password, secret_data, *_token,
//     ...; also inside JSON strings), and outputs and variables named like
//     a secret, are Sensitive;
//   - every string and key left goes through redact, which removes every
//     secret the step knows (the plan's, the inputs', the job's).
//
// So a policy can test that a value is set, never what a secret is, and
// nothing a policy says can carry one.
func Input(r io.Reader, redact func(string) string) (ast.Value, error) {
	dec := json.NewDecoder(r)
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("failed to read the plan's JSON for the policies: %w", err)
	}
	redactPlan(doc)
	c := converter{redact: redact, keys: map[string]*ast.Term{}}
	return c.value(doc), nil
}

// redactPlan replaces in doc, in place, what terraform marks sensitive and
// what is named like a secret.
func redactPlan(doc map[string]any) {
	for _, list := range []string{"resource_changes", "resource_drift"} {
		for _, rc := range arr(doc[list]) {
			ch := obj(obj(rc)["change"])
			if ch == nil {
				continue
			}
			ch["before"] = masked(ch["before"], ch["before_sensitive"], nil)
			ch["after"] = masked(ch["after"], ch["after_sensitive"], nil)
		}
	}
	for name, oc := range obj(doc["output_changes"]) {
		ch := obj(oc)
		if ch == nil {
			continue
		}
		secret := policy.SecretKey(name)
		for _, side := range []string{"before", "after"} {
			if secret && ch[side] != nil {
				ch[side] = Sensitive
				continue
			}
			ch[side] = masked(ch[side], ch[side+"_sensitive"], nil)
		}
	}
	stateValues(obj(doc["planned_values"]))
	stateValues(obj(obj(doc["prior_state"])["values"]))

	cfg := obj(obj(doc["configuration"])["root_module"])
	sensitiveVars := map[string]bool{}
	for name, v := range obj(cfg["variables"]) {
		if b, _ := obj(v)["sensitive"].(bool); b {
			sensitiveVars[name] = true
		}
	}
	for name, v := range obj(doc["variables"]) {
		pv := obj(v)
		if pv != nil && pv["value"] != nil && (sensitiveVars[name] || policy.SecretKey(name)) {
			pv["value"] = Sensitive
		}
	}
	configModule(cfg)
}

// stateValues redacts planned_values or prior_state.values: outputs and
// the resources of every module.
func stateValues(vals map[string]any) {
	if vals == nil {
		return
	}
	for name, o := range obj(vals["outputs"]) {
		out := obj(o)
		if out == nil || out["value"] == nil {
			continue
		}
		if b, _ := out["sensitive"].(bool); b || policy.SecretKey(name) {
			out["value"] = Sensitive
		}
	}
	var module func(m map[string]any)
	module = func(m map[string]any) {
		for _, r := range arr(m["resources"]) {
			res := obj(r)
			if res != nil {
				res["values"] = masked(res["values"], res["sensitive_values"], nil)
			}
		}
		for _, c := range arr(m["child_modules"]) {
			if cm := obj(c); cm != nil {
				module(cm)
			}
		}
	}
	module(obj(vals["root_module"]))
}

// configModule redacts the configuration: sensitive variables' defaults
// and expressions of secret-named attributes, in every module called.
func configModule(m map[string]any) {
	if m == nil {
		return
	}
	for _, v := range obj(m["variables"]) {
		cv := obj(v)
		if b, _ := cv["sensitive"].(bool); b && cv["default"] != nil {
			cv["default"] = Sensitive
		}
	}
	for _, r := range arr(m["resources"]) {
		res := obj(r)
		if res != nil {
			res["expressions"] = masked(res["expressions"], nil, nil)
		}
	}
	for _, c := range obj(m["module_calls"]) {
		mc := obj(c)
		configModule(obj(mc["module"]))
	}
}

// masked returns v with the parts mask marks sensitive, and the values of
// secret-named keys at any depth (also inside JSON strings), replaced by
// Sensitive. Maps and lists are changed in place.
func masked(v, mask any, key *string) any {
	if v == nil {
		return nil
	}
	if b, ok := mask.(bool); ok && b {
		return Sensitive
	}
	if key != nil && policy.SecretKey(*key) {
		return Sensitive
	}
	switch x := v.(type) {
	case map[string]any:
		m := obj(mask)
		for k, sub := range x {
			k := k
			var sm any
			if m != nil {
				sm = m[k]
			}
			x[k] = masked(sub, sm, &k)
		}
	case []any:
		l := arr(mask)
		for i, sub := range x {
			var sm any
			if i < len(l) {
				sm = l[i]
			}
			x[i] = masked(sub, sm, nil)
		}
	case string:
		if t := strings.TrimLeft(x, " \t\r\n"); t != "" && (t[0] == '{' || t[0] == '[') {
			return policy.RedactKeys(x, Sensitive)
		}
	}
	return v
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func arr(v any) []any          { l, _ := v.([]any); return l }

// converter turns the decoded document into OPA's value, every string and
// key through redact.
type converter struct {
	redact func(string) string
	// keys holds the term of each object key met: keys repeat in every
	// resource.
	keys map[string]*ast.Term
}

func (c *converter) key(k string) *ast.Term {
	if t, ok := c.keys[k]; ok {
		return t
	}
	t := ast.StringTerm(c.str(k))
	c.keys[k] = t
	return t
}

func (c *converter) str(s string) string {
	if c.redact == nil {
		return s
	}
	return c.redact(s)
}

func (c *converter) value(v any) ast.Value {
	switch x := v.(type) {
	case nil:
		return ast.Null{}
	case bool:
		return ast.Boolean(x)
	case json.Number:
		return ast.Number(x)
	case string:
		return ast.String(c.str(x))
	case []any:
		terms := make([]*ast.Term, len(x))
		for i, sub := range x {
			terms[i] = ast.NewTerm(c.value(sub))
		}
		return ast.NewArray(terms...)
	case map[string]any:
		pairs := make([][2]*ast.Term, 0, len(x))
		for k, sub := range x {
			pairs = append(pairs, [2]*ast.Term{c.key(k), ast.NewTerm(c.value(sub))})
		}
		return ast.NewObject(pairs...)
	default:
		// Decoding JSON gives nothing else.
		return ast.String(c.str(fmt.Sprint(x)))
	}
}
