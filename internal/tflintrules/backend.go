package tflintrules

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/terraform-linters/tflint-plugin-sdk/hclext"
	"github.com/terraform-linters/tflint-plugin-sdk/tflint"
	"github.com/zclconf/go-cty/cty"
)

// BackendPerEnvironmentRule: state lives in GCS, and no two environments
// share it, so a dev apply can never rewrite prod's state.
//
// A root module declares backend "gcs"; each environment's settings are the
// block's arguments overridden by environments/<env>/backend.tfbackend (the
// file deploy passes to init). Every environment needs a bucket, and no two
// may have the same bucket and prefix.
type BackendPerEnvironmentRule struct {
	rule
	// environments reads each environment's backend settings; by default
	// from environments/*/backend.tfbackend beside the module, which is
	// tflint's working directory.
	environments func() (map[string]map[string]string, error)
}

func NewBackendPerEnvironmentRule() *BackendPerEnvironmentRule {
	return &BackendPerEnvironmentRule{
		rule:         rule{name: "olympus_backend_per_environment", severity: tflint.ERROR},
		environments: func() (map[string]map[string]string, error) { return ReadBackendFiles(".") },
	}
}

var backendSchema = &hclext.BodySchema{Blocks: []hclext.BlockSchema{{
	Type: "terraform",
	Body: &hclext.BodySchema{Blocks: []hclext.BlockSchema{{
		Type:       "backend",
		LabelNames: []string{"type"},
		Body: &hclext.BodySchema{Attributes: []hclext.AttributeSchema{
			{Name: "bucket"}, {Name: "prefix"},
		}},
	}}},
}}}

func (r *BackendPerEnvironmentRule) Check(runner tflint.Runner) error {
	content, err := runner.GetModuleContent(backendSchema, nil)
	if err != nil {
		return err
	}
	for _, tf := range content.Blocks {
		for _, b := range tf.Body.Blocks {
			if err := r.check(runner, b); err != nil {
				return err
			}
		}
	}
	return nil
}

func (r *BackendPerEnvironmentRule) check(runner tflint.Runner, backend *hclext.Block) error {
	if t := backend.Labels[0]; t != "gcs" {
		return runner.EmitIssue(r, fmt.Sprintf("backend %q: state must live in a gcs backend, one bucket or prefix per environment", t), backend.DefRange)
	}
	base := map[string]string{}
	for _, name := range []string{"bucket", "prefix"} {
		if a, ok := backend.Body.Attributes[name]; ok {
			if err := runner.EvaluateExpr(a.Expr, func(v string) error { base[name] = v; return nil }, nil); err != nil {
				return err
			}
		}
	}
	envs, err := r.environments()
	if err != nil {
		return err
	}
	names := make([]string, 0, len(envs))
	for env := range envs {
		names = append(names, env)
	}
	sort.Strings(names)
	owner := map[string]string{}
	for _, env := range names {
		settings := map[string]string{"bucket": base["bucket"], "prefix": base["prefix"]}
		for k, v := range envs[env] {
			settings[k] = v
		}
		if settings["bucket"] == "" {
			msg := fmt.Sprintf("environment %q has no state bucket: set bucket in environments/%s/backend.tfbackend", env, env)
			if err := runner.EmitIssue(r, msg, backend.DefRange); err != nil {
				return err
			}
			continue
		}
		key := "gs://" + settings["bucket"] + "/" + strings.Trim(settings["prefix"], "/")
		if other, ok := owner[key]; ok {
			msg := fmt.Sprintf("environments %q and %q share the state %s: give each its own bucket or prefix", other, env, key)
			if err := runner.EmitIssue(r, msg, backend.DefRange); err != nil {
				return err
			}
			continue
		}
		owner[key] = env
	}
	return nil
}

// ReadBackendFiles reads the string arguments of every
// environments/<env>/backend.tfbackend under dir, by environment.
func ReadBackendFiles(dir string) (map[string]map[string]string, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "environments", "*", "backend.tfbackend"))
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]string{}
	parser := hclparse.NewParser()
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		f, diags := parser.ParseHCL(src, p)
		if diags.HasErrors() {
			return nil, fmt.Errorf("failed to parse %q: %w", p, diags)
		}
		attrs, diags := f.Body.JustAttributes()
		if diags.HasErrors() {
			return nil, fmt.Errorf("failed to read %q: %w", p, diags)
		}
		settings := map[string]string{}
		for name, a := range attrs {
			if v, d := a.Expr.Value(nil); !d.HasErrors() && v.Type() == cty.String && !v.IsNull() {
				settings[name] = v.AsString()
			}
		}
		out[filepath.Base(filepath.Dir(p))] = settings
	}
	return out, nil
}
