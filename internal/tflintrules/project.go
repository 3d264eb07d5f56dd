package tflintrules

import (
	"fmt"

	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
	"github.com/zclconf/go-cty/cty"
)

// NoHardcodedProjectRule: a GCP project id is never written into a
// module; it comes from a variable, with one value per environment, so the
// same code deploys dev, staging and prod and cannot touch the wrong one.
//
// It reports any project or project_id argument, anywhere but a variable
// declaration, whose value is a constant string.
type NoHardcodedProjectRule struct{ rule }

func NewNoHardcodedProjectRule() *NoHardcodedProjectRule {
	return &NoHardcodedProjectRule{rule{name: "olympus_no_hardcoded_project", severity: tflint.ERROR}}
}

var projectArguments = map[string]bool{"project": true, "project_id": true}

func (r *NoHardcodedProjectRule) Check(runner tflint.Runner) error {
	files, err := runner.GetFiles()
	if err != nil {
		return err
	}
	for _, f := range files {
		body, ok := f.Body.(*hclsyntax.Body)
		if !ok {
			continue // JSON configuration is generated, not written by hand
		}
		if err := r.walk(runner, body); err != nil {
			return err
		}
	}
	return nil
}

func (r *NoHardcodedProjectRule) walk(runner tflint.Runner, body *hclsyntax.Body) error {
	for name, a := range body.Attributes {
		if !projectArguments[name] || len(a.Expr.Variables()) > 0 {
			continue
		}
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || v.Type() != cty.String || v.IsNull() {
			continue
		}
		msg := fmt.Sprintf("%s = %q is hard-coded: take the project from a variable set per environment", name, v.AsString())
		if err := runner.EmitIssue(r, msg, a.Expr.Range()); err != nil {
			return err
		}
	}
	for _, b := range body.Blocks {
		if b.Type == "variable" {
			continue // its default is checked where it is used
		}
		if err := r.walk(runner, b.Body); err != nil {
			return err
		}
	}
	return nil
}
