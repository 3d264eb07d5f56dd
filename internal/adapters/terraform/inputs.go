package terraform

// What a root module's variables are given is read before terraform runs,
// so that the session masks the secrets among them first: terraform
// quotes a variable's value in its own errors (a failed validation rule, a
// type error, a syntax error in a var file) before any plan exists to say
// which values are sensitive.

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

// InputSecrets returns the mask texts of every value given to a variable of the
// root module in dir that is declared sensitive or named like a secret:
// its default, terraform.tfvars, *.auto.tfvars, the var files and
// TF_VAR_<name>. What cannot be parsed is skipped: terraform will report
// it, and the lines it quotes are then masked by what could be read.
func InputSecrets(dir string, varFiles []string, getenv func(string) string) []string {
	p := hclparse.NewParser()
	secret := map[string]bool{}
	set := map[string]bool{}
	add := func(v any) {
		for _, s := range policy.ValueSecrets(v) {
			set[s] = true
		}
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.tf"))
	for _, f := range files {
		file, diags := p.ParseHCLFile(f)
		if diags.HasErrors() || file == nil {
			continue
		}
		body, ok := file.Body.(*hclsyntax.Body)
		if !ok {
			continue
		}
		for _, b := range body.Blocks {
			if b.Type != "variable" || len(b.Labels) != 1 {
				continue
			}
			name := b.Labels[0]
			sensitive := false
			if a := b.Body.Attributes["sensitive"]; a != nil {
				if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && !v.IsNull() {
					sensitive = v.True()
				}
			}
			if !sensitive && !policy.SecretKey(name) {
				continue
			}
			secret[name] = true
			if a := b.Body.Attributes["default"]; a != nil {
				add(literal(a.Expr))
			}
		}
	}
	if len(secret) == 0 {
		return nil
	}
	auto, _ := filepath.Glob(filepath.Join(dir, "*.auto.tfvars"))
	autoJSON, _ := filepath.Glob(filepath.Join(dir, "*.auto.tfvars.json"))
	all := append([]string{filepath.Join(dir, "terraform.tfvars"), filepath.Join(dir, "terraform.tfvars.json")}, auto...)
	all = append(append(all, autoJSON...), varFiles...)
	for _, f := range all {
		src, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var file *hcl.File
		if strings.HasSuffix(f, ".json") {
			file, _ = p.ParseJSON(src, f)
		} else {
			file, _ = p.ParseHCL(src, f)
		}
		if file == nil {
			continue
		}
		attrs, _ := file.Body.JustAttributes()
		for name, a := range attrs {
			if secret[name] {
				add(literal(a.Expr))
			}
		}
	}
	for name := range secret {
		if v := getenv("TF_VAR_" + name); v != "" {
			add(v)
			// A complex value is given as HCL; its parts print apart.
			if expr, d := hclsyntax.ParseExpression([]byte(v), "TF_VAR_"+name, hcl.InitialPos); !d.HasErrors() {
				add(literal(expr))
			}
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// literal evaluates an expression without variables or functions into
// plain Go values; nil when it needs any.
func literal(expr hcl.Expression) any {
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
		return nil
	}
	b, err := ctyjson.Marshal(v, v.Type())
	if err != nil {
		return nil
	}
	var out any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&out); err != nil {
		return nil
	}
	return out
}
