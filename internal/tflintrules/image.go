package tflintrules

import (
	"fmt"
	"strings"

	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
)

// ImmutableImageRule: a Cloud Run service deploys an image by digest or by
// a release tag, never :latest or no tag, so a revision always means the
// same code and a traffic rollback really goes back.
type ImmutableImageRule struct{ rule }

func NewImmutableImageRule() *ImmutableImageRule {
	return &ImmutableImageRule{rule{name: "olympus_cloud_run_immutable_image", severity: tflint.ERROR}}
}

var imageSchema = &hclext.BodySchema{Blocks: []hclext.BlockSchema{{
	Type: "template",
	Body: &hclext.BodySchema{Blocks: []hclext.BlockSchema{{
		Type: "containers",
		Body: &hclext.BodySchema{Attributes: []hclext.AttributeSchema{{Name: "image"}}},
	}}},
}}}

func (r *ImmutableImageRule) Check(runner tflint.Runner) error {
	content, err := runner.GetResourceContent("google_cloud_run_v2_service", imageSchema, nil)
	if err != nil {
		return err
	}
	for _, svc := range content.Blocks {
		for _, tmpl := range svc.Body.Blocks {
			for _, c := range tmpl.Body.Blocks {
				a, ok := c.Body.Attributes["image"]
				if !ok {
					continue
				}
				err := runner.EvaluateExpr(a.Expr, func(image string) error {
					if why := mutableImage(image); why != "" {
						return runner.EmitIssue(r, fmt.Sprintf("image %q %s: deploy a digest (@sha256:…) or a release tag", image, why), a.Expr.Range())
					}
					return nil
				}, nil)
				if err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// mutableImage says why an image reference can change under the same name,
// or "" when it cannot.
func mutableImage(image string) string {
	if strings.Contains(image, "@sha256:") {
		return ""
	}
	// The tag follows the last colon after the last slash; a colon before
	// it belongs to a registry port.
	name := image[strings.LastIndex(image, "/")+1:]
	i := strings.LastIndex(name, ":")
	switch {
	case i < 0:
		return "has no tag or digest"
	case name[i+1:] == "latest":
		return "uses the mutable tag latest"
	}
	return ""
}
