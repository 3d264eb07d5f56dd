package policy

import (
	"slices"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
)

// A value the code sets from a variable or local named like a secret is a
// secret, in the drift too: terraform prints the value found by hand, and
// nothing marks it sensitive.
func TestSecretsOfAttributesSetFromSecretNames(t *testing.T) {
	ref := func(refs ...string) *tfjson.Expression {
		return &tfjson.Expression{ExpressionData: &tfjson.ExpressionData{References: refs}}
	}
	p := &tfjson.Plan{
		ResourceDrift: []*tfjson.ResourceChange{
			{Address: "x_y.z", Type: "x_y", Name: "z", Mode: tfjson.ManagedResourceMode, Change: &tfjson.Change{
				Before: map[string]any{"metadata": map[string]any{"boot": "old-token-1"}, "name": "plain-name-1"},
				After:  map[string]any{"metadata": map[string]any{"boot": "canary-7f3e9b"}, "name": "plain-name-2"}}},
			{Address: `module.app["a.b"].x_y.w`, ModuleAddress: `module.app["a.b"]`, Type: "x_y", Name: "w", Mode: tfjson.ManagedResourceMode, Change: &tfjson.Change{
				Before: map[string]any{"pw": "old-local-1"}, After: map[string]any{"pw": "canary-local-2"}}},
		},
		Config: &tfjson.Config{RootModule: &tfjson.ConfigModule{
			Resources: []*tfjson.ConfigResource{{Address: "x_y.z", Mode: tfjson.ManagedResourceMode, Type: "x_y", Name: "z",
				Expressions: map[string]*tfjson.Expression{"metadata": ref("var.bootstrap_token"), "name": ref("var.name")}}},
			ModuleCalls: map[string]*tfjson.ModuleCall{"app": {Module: &tfjson.ConfigModule{
				Resources: []*tfjson.ConfigResource{{Address: "x_y.w", Mode: tfjson.ManagedResourceMode, Type: "x_y", Name: "w",
					Expressions: map[string]*tfjson.Expression{"pw": ref("local.db_password")}}}}}},
		}},
	}
	got := Secrets(p)
	for _, want := range []string{"canary-7f3e9b", "old-token-1", "canary-local-2"} {
		if !slices.Contains(got, want) {
			t.Errorf("secrets %q lack %q", got, want)
		}
	}
	if slices.Contains(got, "plain-name-2") {
		t.Errorf("secrets %q hold a value set from an ordinary variable", got)
	}
}

// Terraform records references per attribute: a map that mixes a token
// with ordinary settings cannot say which key holds the token, and masking
// them all would turn every "staging" of the job into ***. Blocks are
// judged block by block, so a Cloud Run template whose env holds a secret
// masks that value only.
func TestSecretReferencesStayPrecise(t *testing.T) {
	ref := func(refs ...string) *tfjson.Expression {
		return &tfjson.Expression{ExpressionData: &tfjson.ExpressionData{References: refs}}
	}
	block := func(attrs map[string]*tfjson.Expression) *tfjson.Expression {
		return &tfjson.Expression{ExpressionData: &tfjson.ExpressionData{NestedBlocks: []map[string]*tfjson.Expression{attrs}}}
	}
	after := map[string]any{
		"env": map[string]any{"ENVIRONMENT": "staging", "TOKEN": "canary-mixed-1"},
		"template": []any{map[string]any{
			"image":      "europe-docker.pkg.dev/p/r/api@sha256:abc",
			"containers": []any{map[string]any{"name": "api", "secret": "canary-block-2"}},
		}},
	}
	p := &tfjson.Plan{
		ResourceDrift: []*tfjson.ResourceChange{{Address: "x_y.z", Type: "x_y", Name: "z", Mode: tfjson.ManagedResourceMode,
			Change: &tfjson.Change{Before: after, After: after}}},
		Config: &tfjson.Config{RootModule: &tfjson.ConfigModule{Resources: []*tfjson.ConfigResource{{Mode: tfjson.ManagedResourceMode, Type: "x_y", Name: "z",
			Expressions: map[string]*tfjson.Expression{
				"env": ref("var.environment", "var.api_token"),
				"template": block(map[string]*tfjson.Expression{
					"image":      ref("var.image"),
					"containers": block(map[string]*tfjson.Expression{"name": ref("var.name"), "secret": ref("local.db_password", "local.db_password.value")}),
				}),
			}}}}},
	}
	got := Secrets(p)
	if !slices.Contains(got, "canary-block-2") {
		t.Errorf("secrets %q lack the value a nested block sets from local.db_password", got)
	}
	for _, plain := range []string{"staging", "europe-docker.pkg.dev/p/r/api@sha256:abc", "api"} {
		if slices.Contains(got, plain) {
			t.Errorf("secrets %q hold %q, set from ordinary variables", got, plain)
		}
	}
}
