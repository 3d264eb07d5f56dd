package codify

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// Ignored reports whether the resource's lifecycle.ignore_changes covers
// the attribute at path: Terraform then leaves it to whoever changes it
// (as the Cloud Run module does with traffic), and a change there is not
// drift of the code.
func (c *Config) Ignored(address string, path []string) bool {
	block := c.block(address)
	if block == nil || len(path) == 0 {
		return false
	}
	for _, lc := range block.Body.Blocks {
		if lc.Type != "lifecycle" {
			continue
		}
		a, ok := lc.Body.Attributes["ignore_changes"]
		if !ok {
			continue
		}
		if hcl.ExprAsKeyword(a.Expr) == "all" {
			return true
		}
		tuple, ok := a.Expr.(*hclsyntax.TupleConsExpr)
		if !ok {
			continue
		}
		for _, e := range tuple.Exprs {
			if hcl.ExprAsKeyword(e) == "all" {
				return true
			}
			t, diags := hcl.RelTraversalForExpr(e)
			if diags.HasErrors() {
				continue
			}
			if prefix(traversalPath(t), path) {
				return true
			}
		}
	}
	return false
}

// block returns the resource block of an address, or nil.
func (c *Config) block(address string) *hclsyntax.Block {
	a, err := ParseAddress(address)
	if err != nil {
		return nil
	}
	m := c.modules[c.Root]
	for _, name := range a.Modules {
		child, _, _, err := c.child(m, name)
		if err != nil || child == nil {
			return nil
		}
		m = child
	}
	return m.resources[a.Type+"."+a.Name]
}

// prefix reports whether want starts path; a key written as a string
// index and as an attribute name compare equal.
func prefix(want, path []string) bool {
	if len(want) > len(path) {
		return false
	}
	for i, w := range want {
		if !strings.EqualFold(w, path[i]) && w != path[i] {
			return false
		}
	}
	return true
}
