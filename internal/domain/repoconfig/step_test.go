package repoconfig

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/olympus-cloud/deploy-actions/internal/domain/fault"
	"github.com/olympus-cloud/deploy-actions/internal/domain/policy"
)

func TestForStep(t *testing.T) {
	ws := t.TempDir()
	if err := os.MkdirAll(filepath.Join(ws, "svc", "api"), 0o755); err != nil {
		t.Fatal(err)
	}
	// No file: today's layout, the engine detected, the input's order.
	p, err := ForStep(ws, filepath.Join(ws, "svc", "api"))
	if err != nil {
		t.Fatal(err)
	}
	if l := p.StepLayout("dev", Overrides{}); l.Backend() != filepath.Join("environments", "dev", "backend.tfbackend") || !slices.Equal(l.VarFiles(), []string{filepath.Join("environments", "dev", "terraform.tfvars")}) {
		t.Errorf("no file: layout %+v", l)
	}
	if n, v := p.EngineFor("", "", ""); n != "" || v != "" {
		t.Errorf("no file: engine %q %q, want detection", n, v)
	}

	yaml := "version: 1\ndefaults:\n  engine: tofu\n  engine-version: \"~> 1.8\"\nprojects:\n  - dir: svc/*\n    environments: [test, live]\n    backend-config: \"{dir}/cfg/{env}.tfbackend\"\n    var-files: [\"shared/all.tfvars\", \"{dir}/cfg/{env}.tfvars\"]\n"
	if err := os.WriteFile(filepath.Join(ws, FileName), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err = ForStep(ws, filepath.Join(ws, "svc", "api"))
	if err != nil {
		t.Fatal(err)
	}
	l := p.StepLayout("live", Overrides{})
	if l.Backend() != filepath.Join("cfg", "live.tfbackend") || !slices.Equal(l.VarFiles(), []string{filepath.Join("..", "..", "shared", "all.tfvars"), filepath.Join("cfg", "live.tfvars")}) {
		t.Errorf("layout %+v", l)
	}
	l = p.StepLayout("live", Overrides{Backend: "b/{env}.tfbackend", VarFiles: []string{"v/{env}.tfvars"}})
	if l.Backend() != filepath.Join("b", "live.tfbackend") || !slices.Equal(l.VarFiles(), []string{filepath.Join("v", "live.tfvars")}) {
		t.Errorf("inputs do not override: %+v", l)
	}
	if n, v := p.EngineFor("", "", ""); n != "tofu" || v != "~> 1.8" {
		t.Errorf("engine %q %q, want olympus.yaml's", n, v)
	}
	if n, v := p.EngineFor("terraform", "1.11.4", ""); n != "terraform" || v != "1.11.4" {
		t.Errorf("inputs do not override the engine: %q %q", n, v)
	}
	if _, v := p.EngineFor("", "", "/usr/bin/tofu"); v != "" {
		t.Errorf("terraform-path given, yet a version %q", v)
	}
	if o := p.Order(policy.MustOrder(policy.DefaultOrder)); o.String() != "test,live" {
		t.Errorf("order %q, want the project's", o)
	}
	if o := p.Order(policy.MustOrder("a,b")); o.String() != "a,b" {
		t.Errorf("order %q, want the input's", o)
	}
	// A directory the file does not declare keeps today's layout.
	if p, err := ForStep(ws, ws); err != nil || p.Declared || p.BackendTemplate != DefaultBackend {
		t.Errorf("undeclared: %+v %v", p, err)
	}

	if err := os.WriteFile(filepath.Join(ws, FileName), []byte("version: 1\nprojects:\n  - dir: svc/api\n    engin: tofu\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ForStep(ws, filepath.Join(ws, "svc", "api"))
	if fault.ExitCode(err) != fault.ExitUsage || !strings.Contains(err.Error(), "olympus.yaml:4") || len(AsErrors(err)) == 0 {
		t.Errorf("malformed: exit %d, %v", fault.ExitCode(err), err)
	}
}
