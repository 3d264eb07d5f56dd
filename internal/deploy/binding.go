package deploy

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
	ctyjson "github.com/zclconf/go-cty/cty/json"

	"github.com/olympus-cloud/deploy-actions/internal/plan"
	"github.com/olympus-cloud/deploy-actions/internal/step"
)

// copyReviewed copies the reviewed plan into dir (private to this run)
// while hashing it, so that the bytes terraform applies are the bytes
// whose hash was checked: the original may be replaced in between.
func copyReviewed(src, dir string) (string, string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", "", fmt.Errorf("failed to read the plan %q: %w", src, err)
	}
	defer in.Close()
	dst := filepath.Join(dir, "reviewed.tfplan")
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", "", fmt.Errorf("failed to copy the plan: %w", err)
	}
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(out, h), in); err != nil {
		out.Close()
		return "", "", fmt.Errorf("failed to copy the plan: %w", err)
	}
	if err := out.Close(); err != nil {
		return "", "", fmt.Errorf("failed to copy the plan: %w", err)
	}
	return dst, hex.EncodeToString(h.Sum(nil)), nil
}

// Binding is where a deploy applies: the environment's backend settings
// and the root module's configuration files.
type Binding struct {
	Environment string
	Backend     map[string]string
	Module      map[string][]byte
}

// readBinding reads the environment's backend file and the root module's
// configuration files.
func readBinding(env, backendFile, dir string) (Binding, error) {
	b := Binding{Environment: env, Backend: map[string]string{}, Module: map[string][]byte{}}
	f, diags := hclparse.NewParser().ParseHCLFile(backendFile)
	if diags.HasErrors() {
		return b, step.InputError("backend-config", backendFile, fmt.Errorf("not a backend file terraform can read: %s", diags.Error()))
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		return b, step.InputError("backend-config", backendFile, fmt.Errorf("not a backend file terraform can read: %s", diags.Error()))
	}
	for name, a := range attrs {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || v.IsNull() || !v.IsWhollyKnown() {
			continue
		}
		if v.Type() == cty.String {
			b.Backend[name] = v.AsString()
			continue
		}
		if j, err := ctyjson.Marshal(v, v.Type()); err == nil {
			b.Backend[name] = string(j)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return b, fmt.Errorf("failed to read %q: %w", dir, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !configFile(e.Name()) {
			continue
		}
		text, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return b, fmt.Errorf("failed to read %q: %w", e.Name(), err)
		}
		b.Module[e.Name()] = text
	}
	return b, nil
}

func configFile(name string) bool {
	return strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")
}

// CheckBinding refuses a saved plan made for another environment or
// working directory. Terraform applies a saved plan to the backend
// recorded in it and from its own configuration snapshot, whatever this
// working directory holds, so a staging plan applied "to prod" would
// change staging and record a prod deployment.
func CheckBinding(saved *plan.Saved, b Binding) error {
	var wrong []string
	for k, want := range b.Backend {
		if got, ok := saved.Backend[k]; !ok || got != want {
			wrong = append(wrong, fmt.Sprintf("%s is %q, not %q", k, got, want))
		}
	}
	sort.Strings(wrong)
	if len(wrong) > 0 {
		return step.Refusef("the plan was made for another environment's backend, not %s's (%s); terraform would apply it there. Pass the plan made for %s; nothing was applied",
			b.Environment, strings.Join(wrong, "; "), b.Environment)
	}
	var differ []string
	for name, text := range b.Module {
		if got, ok := saved.RootModule[name]; !ok || !bytes.Equal(got, text) {
			differ = append(differ, name)
		}
	}
	for name := range saved.RootModule {
		if _, ok := b.Module[name]; !ok && configFile(name) {
			differ = append(differ, name)
		}
	}
	sort.Strings(differ)
	if len(differ) > 0 {
		return step.Refusef("the plan was made from another configuration than this working directory (%s differ): it belongs to another working directory or commit; plan again here, or check out the commit it was made for; nothing was applied",
			strings.Join(differ, ", "))
	}
	return nil
}
